// Small 3D vector and orthonormal-frame helpers shared by the anatomy, surgery and metrics code.
#pragma once
#include <array>
#include <cmath>
#include <string>

namespace spine::meshes
{
using Vec3 = std::array<double, 3>;

inline Vec3 operator+(const Vec3 &a, const Vec3 &b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
inline Vec3 operator-(const Vec3 &a, const Vec3 &b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
inline Vec3 operator*(double s, const Vec3 &a) { return {s * a[0], s * a[1], s * a[2]}; }
inline double dot(const Vec3 &a, const Vec3 &b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
inline Vec3 cross(const Vec3 &a, const Vec3 &b)
{
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
inline double norm(const Vec3 &a) { return std::sqrt(dot(a, a)); }
inline Vec3 normalized(const Vec3 &a) { return (1.0 / norm(a)) * a; }
inline double deg2rad(double d) { return d * M_PI / 180.0; }

/// Rotation of v about the unit axis a by angle (radians), right-hand rule (Rodrigues).
inline Vec3 rotate(const Vec3 &v, const Vec3 &a, double angle)
{
  const double c = std::cos(angle), s = std::sin(angle);
  return c * v + s * cross(a, v) + ((1 - c) * dot(a, v)) * a;
}

/// Orthonormal right-handed frame: origin plus axes e[0..2] expressed in model coordinates.
/// Model coordinates (mm): x to the patient's left, y posterior (dorsal), z cranial.
struct Frame
{
  Vec3 origin{0, 0, 0};
  std::array<Vec3, 3> e{Vec3{1, 0, 0}, Vec3{0, 1, 0}, Vec3{0, 0, 1}};

  Vec3 to_global(const Vec3 &local) const
  {
    return origin + local[0] * e[0] + local[1] * e[1] + local[2] * e[2];
  }
  Vec3 to_local(const Vec3 &p) const
  {
    const Vec3 d = p - origin;
    return {dot(d, e[0]), dot(d, e[1]), dot(d, e[2])};
  }
  /// The same frame rotated about its own axis e[axis] by angle (radians).
  Frame rotated_about_own_axis(int axis, double angle) const
  {
    Frame f = *this;
    for (auto &v : f.e)
      v = rotate(v, e[axis], angle);
    return f;
  }
};
} // namespace spine::meshes
