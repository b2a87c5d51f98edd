// Inline markdown and HTML reduced to the text a reader sees, for question
// texts, titles and answers.
#pragma once

#include <string>
#include <string_view>

namespace quarry {

// "**slots** and `x`" -> "slots and x"; "[docs](url)" -> "docs"; images
// dropped; HTML tags of prose (<b>, <br>, <a ...>, <summary>...) removed and
// the common entities (&amp; &lt; &gt; &quot; &#39; &nbsp; &#NN;) decoded
// outside code spans. Unpaired markers stay as written, so `*args` and
// `**kwargs` survive, and so does `List<String>` (not an HTML tag).
std::string StripInlineMarkdown(std::string_view line);

// `text` without the HTML tags StripInlineMarkdown removes, entities
// decoded, nothing else touched (for HTML-only lines and cells).
std::string StripHtml(std::string_view text);

}  // namespace quarry
