// Slugs: the stable, URL-safe form of a section or part title.
#pragma once

#include <string>
#include <string_view>

namespace quarry {

// Lower-cases ASCII letters, turns every run of characters other than a-z
// and 0-9 into one '-', and trims '-' from both ends:
// "Django ORM / Database" -> "django-orm-database". Idempotent, so a slug
// given where a title is expected names the same section.
std::string Slugify(std::string_view title);

}  // namespace quarry
