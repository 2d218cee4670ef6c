#include "meshes/geometry/mesh_quality.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace spine::geometry
{
namespace
{
constexpr double kPi = 3.14159265358979323846;

double dot(const Point3 &a, const Point3 &b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Point3 sub(const Point3 &a, const Point3 &b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Point3 cross(const Point3 &a, const Point3 &b)
{
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double norm(const Point3 &a) { return std::sqrt(dot(a, a)); }
}  // namespace

bool TetQuality::flat() const
{
  return std::abs(signed_volume) <= 1e-9 * longest_edge * longest_edge * longest_edge;
}

TetQuality tet_quality(const Point3 &a, const Point3 &b, const Point3 &c, const Point3 &d)
{
  const Point3 u = sub(b, a), v = sub(c, a), w = sub(d, a);
  const double det = dot(u, cross(v, w));  // 6 V
  TetQuality q;
  q.signed_volume = det / 6;
  for (const Point3 &e : {u, v, w, sub(c, b), sub(d, b), sub(d, c)})
    q.longest_edge = std::max(q.longest_edge, norm(e));

  // Area vectors of the faces opposite a, b, c, d (all with the same orientation
  // convention, so the sign of their pairwise products does not depend on inversion).
  const Point3 p[4] = {a, b, c, d};
  Point3 fn[4];
  double farea[4], sum_area = 0;
  for (int k = 0; k < 4; ++k)
    {
      const Point3 &x = p[(k + 1) % 4], &y = p[(k + 2) % 4], &z = p[(k + 3) % 4];
      fn[k] = cross(sub(y, x), sub(z, x));
      if (k % 2 == 1)  // cyclic index permutation alternates orientation: flip odd faces
        for (double &e : fn[k]) e = -e;
      farea[k] = 0.5 * norm(fn[k]);
      sum_area += farea[k];
    }
  q.min_dihedral_deg = 180;
  q.max_dihedral_deg = 0;
  for (int f = 0; f < 4; ++f)
    for (int g = f + 1; g < 4; ++g)
      {
        // Faces opposite f and g share the edge between the other two vertices.
        const double den = 4 * farea[f] * farea[g];
        double ang = 0;
        if (den > 0)
          ang = std::acos(std::clamp(-dot(fn[f], fn[g]) / den, -1.0, 1.0)) * 180 / kPi;
        q.min_dihedral_deg = std::min(q.min_dihedral_deg, ang);
        q.max_dihedral_deg = std::max(q.max_dihedral_deg, ang);
      }

  // Circumcentre relative to a: (|u|²(v×w) + |v|²(w×u) + |w|²(u×v)) / (2 u·(v×w)).
  const double V = std::abs(q.signed_volume);
  if (!(V > 0) || !(sum_area > 0))
    {
      q.aspect_ratio = std::numeric_limits<double>::infinity();
      return q;
    }
  const Point3 vw = cross(v, w), wu = cross(w, u), uv = cross(u, v);
  const double uu = dot(u, u), vv = dot(v, v), ww = dot(w, w);
  Point3 cc;
  for (int k = 0; k < 3; ++k) cc[k] = (uu * vw[k] + vv * wu[k] + ww * uv[k]) / (2 * det);
  const double R = norm(cc);
  const double r = 3 * V / sum_area;
  q.aspect_ratio = R / (3 * r);
  return q;
}

MeshQualityReport mesh_quality(const std::vector<Point3> &nodes,
                               const std::vector<std::array<std::size_t, 4>> &tets,
                               double min_bound, double max_bound)
{
  MeshQualityReport rep;
  rep.n_tets = tets.size();
  if (tets.empty()) return rep;
  rep.min_dihedral_deg = 180;
  rep.max_dihedral_deg = 0;
  rep.min_volume = std::numeric_limits<double>::infinity();
  for (std::size_t t = 0; t < tets.size(); ++t)
    {
      for (std::size_t v : tets[t])
        if (v >= nodes.size())
          throw std::out_of_range("mesh_quality: tet " + std::to_string(t) + " references node " +
                                  std::to_string(v) + " of " + std::to_string(nodes.size()));
      const auto &T = tets[t];
      const TetQuality q = tet_quality(nodes[T[0]], nodes[T[1]], nodes[T[2]], nodes[T[3]]);
      if (q.signed_volume <= 0) ++rep.n_inverted;
      if (q.flat()) ++rep.n_flat;
      if (q.min_dihedral_deg < min_bound || q.max_dihedral_deg > max_bound)
        ++rep.n_dihedral_out_of_bounds;
      rep.min_dihedral_deg = std::min(rep.min_dihedral_deg, q.min_dihedral_deg);
      rep.max_dihedral_deg = std::max(rep.max_dihedral_deg, q.max_dihedral_deg);
      rep.worst_aspect_ratio = std::max(rep.worst_aspect_ratio, q.aspect_ratio);
      rep.min_volume = std::min(rep.min_volume, q.signed_volume);
      rep.total_volume += q.signed_volume;
    }
  return rep;
}

}  // namespace spine::geometry
