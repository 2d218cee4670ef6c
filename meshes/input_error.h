// One clear line for bad input: which parameter, which value, what is allowed, which file.
#pragma once
#include <sstream>
#include <stdexcept>
#include <string>

namespace spine
{
class InputError : public std::runtime_error
{
public:
  InputError(const std::string &parameter, const std::string &value, const std::string &allowed,
             const std::string &file = "")
    : std::runtime_error(compose(parameter, value, allowed, file))
  {}
  explicit InputError(const std::string &message) : std::runtime_error(message) {}

  /// A number as a person writes it (3.4, not 3.400000).
  static std::string number(double v)
  {
    std::ostringstream s;
    s << v;
    return s.str();
  }

  static std::string compose(const std::string &parameter, const std::string &value,
                             const std::string &allowed, const std::string &file)
  {
    std::string m = "invalid value '" + value + "' for parameter '" + parameter +
                    "' (allowed: " + allowed + ")";
    if (!file.empty())
      m += " in " + file;
    return m;
  }
};
} // namespace spine
