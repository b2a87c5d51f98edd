#include "core/index_layout.h"

#include <filesystem>
#include <fstream>

namespace quarry::layout {

Result<std::string> CurrentGeneration(const std::string& db_path) {
  std::ifstream in(std::filesystem::path(db_path) / kStubName);
  std::string backend, generation;
  if (!(in >> backend >> generation) || generation.find('/') != std::string::npos) {
    return Status::NotFound(db_path + ": no Quarry index here (run quarry-index first)");
  }
  return (std::filesystem::path(db_path) / generation).string();
}

}  // namespace quarry::layout
