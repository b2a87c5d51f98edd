// Readers that take the text out of the kinds of files documentation
// packages ship. Each is a plain function of the file's bytes; none fails:
// what it cannot read is left out. Code is marked (see document.h).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "tools/vocabulary/document.h"

namespace quarry::vocabulary {

// HTML: <script>, <style>, <head> and navigation (<nav>, <header>, <footer>,
// sidebars) are left out; block elements end blocks; <pre> is a code block;
// <code>, <tt>, <kbd>, <samp> are inline code. Entities are decoded.
Document ReadHtml(std::string_view html);

// A man page in roff source: requests are interpreted as far as text goes
// (.SH headings, .B/.BR font alternation, \fB..\fR); bold is inline code;
// .nf/.fi, .EX/.EE and the SYNOPSIS section are code blocks.
Document ReadRoff(std::string_view roff);

// Markdown, reStructuredText or plain text: fenced blocks, indented blocks
// (after a blank line, or after "::") and directives' bodies are code;
// `x` and ``x`` inline code; links keep their text; front matter, tables'
// rules, images and inline HTML tags are left out.
Document ReadMarkdown(std::string_view text);

// Python source: docstrings and comments are prose (read as
// reStructuredText), the rest is code.
Document ReadPython(std::string_view source);

// A TypeScript declaration file: /** doc comments */ are prose, the
// declarations code.
Document ReadTypeScriptDeclarations(std::string_view source);

// Debian's package descriptions (a Translation-en file: "Package:" and
// "Description-en:" records): each package's description is a Document,
// passed to `emit` with the package's name, in file order.
void ReadDebianDescriptions(std::string_view text,
                            const std::function<void(std::string_view, Document&&)>& emit);

}  // namespace quarry::vocabulary
