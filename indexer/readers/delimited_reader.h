// Reads question banks exported as delimited text: Anki's "Notes in Plain
// Text" exports (.tsv, .txt renamed) and spreadsheet exports (.csv, .tsv).
//
// Cells follow RFC 4180: a cell in double quotes may hold the delimiter,
// line breaks (a multi-line cell) and "" for a quote; any other cell is read
// as written, quotes and backslashes included. A UTF-8 byte-order mark and
// CRLF line ends are accepted.
//
// Anki header lines. Lines that start with '#' before the first data row are
// headers, never questions. Those Anki writes are understood:
//   #separator:tab|comma|semicolon|space|pipe|colon|<one character>
//                         overrides the delimiter the caller gave;
//   #html:true|false      whether cells are HTML (without it: see below);
//   #tags column:N, #deck column:N, #notetype column:N, #guid column:N
//                         (1-based) the column of the note's tags, deck,
//                         note type and guid; the last two are ignored;
//   #deck:Name            the bank's title;
//   #tags:a b             tags added to every question;
//   #columns:Front<sep>Back<sep>Tags   names the columns.
// Other '#' lines there are comments.
//
// Columns. Names are matched case-insensitively: front, question, q (the
// question); back, answer, a (the answer); notes, explanation, extra
// (appended to the answer, a blank line between); tags, tag; deck,
// category, section, topic (the section); id (the question's id). The
// first row is a header row when each of its non-empty cells is such a
// name. Unknown names in #columns: are note fields: the first one is the
// question unless a column is named so, the next the answer, the rest
// extras. With no names at all, an Anki file's columns not taken by a
// `#... column:N` header are its fields, in that order; in any other file
// column 1 is the question, column 2 the answer, column 3 the tags, and
// further columns are ignored. Rows may have more or fewer cells than
// there are columns.
//
// Cells. HTML is read when #html:true says so, or, without an #html:
// line, when the file holds a <br>, a closing tag (</...) or a character
// reference (&amp; &lt; &gt; &quot; &nbsp; &#...;): so a spreadsheet that
// asks about "<div>" keeps it. Then <br> is a line break, <div>, <p>, <li>
// and other blocks start a new line, other tags are dropped and character
// references are decoded (&nbsp; to a plain space). Cloze deletions
// {{c1::text}} and {{c1::text::hint}} become "text" in every file.
//
// Each question: text is its question cell on one line (white space runs,
// line breaks included, made one space); body the answer cell and extras,
// line breaks kept, trailing spaces and repeated blank lines removed;
// tags the tags cells split on white space, commas and semicolons (Anki's
// "a::b" kept whole), each once, then the #tags: ones; section the
// section cell's last "::" part (Anki's "Deck::Sub" -> "Sub"), or the
// bank's title when there is no section cell or it is empty; part the
// bank's title; number its position among the bank's questions of the
// same section (1, 2, ...); id the id cell, or else
// "<Slugify(section)>/<number>"; source "file:line" of the line its row
// starts on. Ids are unique within the bank: sections whose names slug
// alike get "-2", "-3" after the slug, and a repeated id cell (warned,
// kNumbering) gives way to the generated id.
//
// The bank: file is `file_name`; title the #deck: name, else the deck
// column's deck that every row's deck is in or under ("Interviews" for
// rows in "Interviews::SQL" and "Interviews::HTTP"), else the file name's
// stem ("banks/go-sheet.csv" -> "go-sheet"); shape "csv" or "tsv" as the
// delimiter is a comma or a tab (other delimiters: "csv"), "anki csv" or
// "anki tsv" when the file has Anki header lines.
//
// Warnings, in line order, never errors (the row's first line is given):
//   kEmptyQuestion  a row whose question cell is empty (skipped; rows
//                   whose cells are all empty are skipped silently);
//   kMalformedRow   a row too short to reach the question column
//                   (skipped), or one with a quoted cell that is never
//                   closed: from that quote on, the file is read again as
//                   if the quote were a plain character, so one stray
//                   quote costs at most the shape of that row. A closing
//                   quote followed by other text on the same line
//                   ("Hello" she said) is no mistake: the cell is read as
//                   written, without a warning;
//   kInvalidUtf8    a row or header line with bytes that are not UTF-8
//                   (each bad sequence replaced by U+FFFD);
//   kNumbering      an id cell used by an earlier row.
// Fails (InvalidArgument "file: ...") when the names given leave no
// question column, or when the file holds no question at all.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "indexer/readers/bank_reader.h"

namespace quarry {

// Reads a CSV (delimiter ',') or TSV ('\t') export held in `content`, as
// described above; `file_name` names it in the bank, sources and messages.
Result<Bank> ReadDelimitedBank(std::string_view content, const std::string& file_name,
                               char delimiter);

}  // namespace quarry
