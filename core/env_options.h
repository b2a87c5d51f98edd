// Every option of Quarry's programs may also be set in the environment:
// --cache-mb N as QUARRY_CACHE_MB=N, --db as QUARRY_DB. The command line
// wins over the environment, which wins over the defaults. (Boost's
// parse_environment, with the names mapped here once for the three
// programs.)
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <string_view>

namespace quarry {

// QUARRY_ and the option's long name in capitals, '-' as '_'.
inline std::string EnvironmentName(std::string_view option) {
  std::string name = "QUARRY_";
  for (char c : option) name += c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return name;
}

// Stores into `vm` what the environment sets of the options in `described`
// (all but --help). Call after storing the command line, so that it wins.
// Throws po::error for a value that does not parse, naming the option.
inline void StoreEnvironment(const boost::program_options::options_description& described,
                             boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::store(po::parse_environment(described,
                                  [&described](const std::string& variable) -> std::string {
                                    for (const auto& option : described.options()) {
                                      const std::string& name = option->long_name();
                                      if (name != "help" && EnvironmentName(name) == variable) return name;
                                    }
                                    return "";
                                  }),
            vm);
}

// The paragraph --help ends with: which variables are read.
inline std::string EnvironmentHelp(const boost::program_options::options_description& described) {
  std::string text = "Every option may also be set in the environment (the command line wins):\n ";
  size_t column = 1;
  for (const auto& option : described.options()) {
    if (option->long_name() == "help") continue;
    const std::string name = EnvironmentName(option->long_name());
    if (column + name.size() + 1 > 78) {
      text += "\n ";
      column = 1;
    }
    text += " " + name;
    column += name.size() + 1;
  }
  return text + "\n";
}

}  // namespace quarry
