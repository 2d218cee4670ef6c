// Minimal JSON writer: enough for reports with a stable schema, no external dependency.
#pragma once
#include <cmath>
#include <iomanip>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace spine
{
/// A JSON value built as a tree and printed with 2-space indentation. Objects keep key order.
class Json
{
public:
  Json() : kind_(Kind::null) {}
  Json(double v) : kind_(Kind::number), number_(v) {}
  Json(int v) : kind_(Kind::number), number_(v) {}
  Json(unsigned int v) : kind_(Kind::number), number_(v) {}
  Json(long v) : kind_(Kind::number), number_(static_cast<double>(v)) {}
  Json(unsigned long v) : kind_(Kind::number), number_(static_cast<double>(v)) {}
  Json(bool v) : kind_(Kind::boolean), boolean_(v) {}
  Json(const char *s) : kind_(Kind::string), string_(s) {}
  Json(const std::string &s) : kind_(Kind::string), string_(s) {}
  template <typename T>
  Json(const std::vector<T> &values) : kind_(Kind::array)
  {
    for (const auto &v : values)
      items_.emplace_back(v);
  }
  template <typename T, std::size_t N>
  Json(const std::array<T, N> &values) : kind_(Kind::array)
  {
    for (const auto &v : values)
      items_.emplace_back(v);
  }

  static Json object() { Json j; j.kind_ = Kind::object; return j; }
  static Json array() { Json j; j.kind_ = Kind::array; return j; }

  /// Object member access; creates the member (in insertion order) if missing.
  Json &operator[](const std::string &key)
  {
    if (kind_ == Kind::null)
      kind_ = Kind::object;
    for (auto &kv : members_)
      if (kv.first == key)
        return kv.second;
    members_.emplace_back(key, Json());
    return members_.back().second;
  }
  void push_back(const Json &v)
  {
    if (kind_ == Kind::null)
      kind_ = Kind::array;
    items_.push_back(v);
  }

  std::string dump(int indent = 0) const
  {
    std::ostringstream out;
    write(out, indent);
    return out.str();
  }

private:
  enum class Kind { null, number, boolean, string, array, object };
  Kind kind_;
  double number_ = 0;
  bool boolean_ = false;
  std::string string_;
  std::vector<Json> items_;
  std::vector<std::pair<std::string, Json>> members_;

  static void write_string(std::ostream &out, const std::string &s)
  {
    out << '"';
    for (char c : s)
      switch (c)
      {
        case '"': out << "\\\""; break;
        case '\\': out << "\\\\"; break;
        case '\n': out << "\\n"; break;
        case '\t': out << "\\t"; break;
        default: out << c;
      }
    out << '"';
  }
  void write(std::ostream &out, int indent) const
  {
    const std::string pad(indent + 2, ' '), end_pad(indent, ' ');
    switch (kind_)
    {
      case Kind::null: out << "null"; break;
      case Kind::boolean: out << (boolean_ ? "true" : "false"); break;
      case Kind::number:
        if (std::isfinite(number_))
          out << std::setprecision(10) << number_;
        else
          out << "null";
        break;
      case Kind::string: write_string(out, string_); break;
      case Kind::array:
      {
        bool scalars = true;
        for (const auto &i : items_)
          scalars = scalars && (i.kind_ != Kind::array && i.kind_ != Kind::object);
        out << '[';
        for (std::size_t i = 0; i < items_.size(); ++i)
        {
          if (i) out << (scalars ? ", " : ",");
          if (!scalars) out << '\n' << pad;
          items_[i].write(out, indent + 2);
        }
        if (!scalars && !items_.empty()) out << '\n' << end_pad;
        out << ']';
        break;
      }
      case Kind::object:
        out << '{';
        for (std::size_t i = 0; i < members_.size(); ++i)
        {
          out << (i ? ",\n" : "\n") << pad;
          write_string(out, members_[i].first);
          out << ": ";
          members_[i].second.write(out, indent + 2);
        }
        if (!members_.empty()) out << '\n' << end_pad;
        out << '}';
        break;
    }
  }
};
} // namespace spine
