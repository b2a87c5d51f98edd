// Slugs: the stable, URL-safe form of a section or part title.
#pragma once

#include <string>
#include <string_view>

namespace quarry {

// Lower-cases letters, keeps the letters, digits and combining marks of
// every script (as GitHub's heading anchors do), turns every other run of
// characters into one '-', and trims '-' from both ends:
// "Django ORM / Database" -> "django-orm-database", "常见 问题" -> "常见-问题",
// "Основы Go" -> "основы-go". Invalid UTF-8 counts as a separator.
// Idempotent, so a slug given where a title is expected names the same
// section.
std::string Slugify(std::string_view title);

}  // namespace quarry
