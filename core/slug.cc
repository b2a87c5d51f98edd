#include "core/slug.h"

namespace quarry {

std::string Slugify(std::string_view title) {
  std::string out;
  bool pending_dash = false;
  for (unsigned char c : title) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      pending_dash = true;
      continue;
    }
    if (pending_dash && !out.empty()) out += '-';
    pending_dash = false;
    out += static_cast<char>(c);
  }
  return out;
}

}  // namespace quarry
