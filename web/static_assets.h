// The search page's files, compiled into the server (see embed_assets.cmake)
// so that quarry-serve serves them from wherever it runs.
#pragma once

#include <string_view>

namespace quarry::web {

struct StaticAsset {
  std::string_view name;          // file name under web/static: "app.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view bytes;         // the file's exact contents
};

// The asset called `name` ("index.html"), or nullptr when there is none.
// The returned asset lives as long as the program. Thread-safe.
const StaticAsset* FindStaticAsset(std::string_view name);

}  // namespace quarry::web
