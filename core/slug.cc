#include "core/slug.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace quarry {
namespace {

// Letters, digits and marks: what a slug keeps, in any script.
bool KeptInSlug(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (u_hasBinaryProperty(c, UCHAR_VARIATION_SELECTOR)) return false;  // emoji presentation
  return u_isalpha(c) || u_isdigit(c) || (U_GET_GC_MASK(c) & (U_GC_MN_MASK | U_GC_MC_MASK)) != 0;
}

void AppendUtf8(UChar32 c, std::string& out) {
  char buf[U8_MAX_LENGTH];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buf, static_cast<size_t>(len));
}

}  // namespace

std::string Slugify(std::string_view title) {
  std::string out;
  bool pending_dash = false;
  const auto* s = reinterpret_cast<const uint8_t*>(title.data());
  const int32_t length = static_cast<int32_t>(title.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0 || !KeptInSlug(c)) {
      pending_dash = true;
      continue;
    }
    if (pending_dash && !out.empty()) out += '-';
    pending_dash = false;
    AppendUtf8(u_tolower(c), out);
  }
  return out;
}

}  // namespace quarry
