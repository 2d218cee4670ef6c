#include "meshes/occ_shapes.h"

#include <gmsh.h>

#include <cmath>
#include <vector>

namespace spine::meshes
{
namespace
{
void place(int dim, int tag, const Frame &f)
{
  // A rotation and a translation, never gmsh's affineTransform: that goes through OCC's
  // general transform, which turns every plane, cylinder and ellipse into B-splines; booleans
  // on B-spline faces were most of the model's build time, and their approximate
  // intersections left near-coincident edges for the mesher.
  // Rotation R (columns = frame axes) as a unit quaternion (Shepperd), then axis and angle.
  const auto R = [&f](int i, int j) { return f.e[j][i]; };
  const double tr = R(0, 0) + R(1, 1) + R(2, 2);
  double w, x, y, z;
  if (tr > 0)
  {
    const double s = 2 * std::sqrt(1 + tr);
    w = s / 4, x = (R(2, 1) - R(1, 2)) / s, y = (R(0, 2) - R(2, 0)) / s, z = (R(1, 0) - R(0, 1)) / s;
  }
  else if (R(0, 0) >= R(1, 1) && R(0, 0) >= R(2, 2))
  {
    const double s = 2 * std::sqrt(1 + R(0, 0) - R(1, 1) - R(2, 2));
    w = (R(2, 1) - R(1, 2)) / s, x = s / 4, y = (R(0, 1) + R(1, 0)) / s, z = (R(0, 2) + R(2, 0)) / s;
  }
  else if (R(1, 1) >= R(2, 2))
  {
    const double s = 2 * std::sqrt(1 + R(1, 1) - R(0, 0) - R(2, 2));
    w = (R(0, 2) - R(2, 0)) / s, x = (R(0, 1) + R(1, 0)) / s, y = s / 4, z = (R(1, 2) + R(2, 1)) / s;
  }
  else
  {
    const double s = 2 * std::sqrt(1 + R(2, 2) - R(0, 0) - R(1, 1));
    w = (R(1, 0) - R(0, 1)) / s, x = (R(0, 2) + R(2, 0)) / s, y = (R(1, 2) + R(2, 1)) / s, z = s / 4;
  }
  const double sin_half = std::sqrt(x * x + y * y + z * z);
  if (sin_half > 1e-15)
    gmsh::model::occ::rotate({{dim, tag}}, 0, 0, 0, x / sin_half, y / sin_half, z / sin_half,
                             2 * std::atan2(sin_half, w));
  if (norm(f.origin) > 0)
    gmsh::model::occ::translate({{dim, tag}}, f.origin[0], f.origin[1], f.origin[2]);
}

gmsh::vectorpair dim_tags(const std::vector<int> &volumes)
{
  gmsh::vectorpair out;
  for (int v : volumes)
    out.push_back({3, v});
  return out;
}

std::vector<int> volume_tags(const gmsh::vectorpair &dim_tags)
{
  std::vector<int> tags;
  for (const auto &dt : dim_tags)
    if (dt.first == 3)
      tags.push_back(dt.second);
  return tags;
}

/// A right-handed version of the frame plus the matching flip of local e0 coordinates.
Frame right_handed(const Frame &f, bool &flipped)
{
  flipped = dot(cross(f.e[0], f.e[1]), f.e[2]) < 0;
  Frame r = f;
  if (flipped)
    r.e[0] = -1.0 * f.e[0];
  return r;
}
} // namespace

int add_box(const Frame &frame, const Vec3 &lo, const Vec3 &hi)
{
  bool flipped = false;
  const Frame f = right_handed(frame, flipped);
  const double x0 = flipped ? -hi[0] : lo[0];
  const int tag = gmsh::model::occ::addBox(x0, lo[1], lo[2], hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  place(3, tag, f);
  return tag;
}

namespace
{
/// Elliptic disk with its major axis (rx >= ry) along local x, bounded by three arcs that meet
/// at the parameter angles a0, a0 + 120°, a0 + 240°. A full OCC ellipse has its seam vertex at
/// the end of the major axis, the widest point of a footprint, where a neighbouring footprint
/// may pass within micrometres (a vertex there pins the surface mesh: slivers).
int add_elliptic_disk(double cx, double cy, double z, double rx, double ry, double a0)
{
  const bool circle = rx - ry <= 1e-9 * rx; // OCC ellipses need rx > ry strictly
  std::vector<int> arcs;
  for (int i = 0; i < 3; ++i)
  {
    const double a1 = a0 + i * 2 * M_PI / 3, a2 = a1 + 2 * M_PI / 3;
    arcs.push_back(circle ? gmsh::model::occ::addCircle(cx, cy, z, rx, -1, a1, a2)
                          : gmsh::model::occ::addEllipse(cx, cy, z, rx, ry, -1, a1, a2));
  }
  return gmsh::model::occ::addPlaneSurface({gmsh::model::occ::addCurveLoop(arcs)});
}
} // namespace

int add_elliptic_cylinder(const Frame &frame, double cx, double cy, double rx, double ry,
                          double z0, double height)
{
  bool flipped = false;
  const Frame f = right_handed(frame, flipped);
  if (flipped)
    cx = -cx;
  // OCC ellipses need the major radius along local x: swap by a quarter turn otherwise. Either
  // way the arcs meet on the +y side (posterior on the D footprints, cut away there).
  int disk;
  if (rx >= ry)
    disk = add_elliptic_disk(cx, cy, z0, rx, ry, M_PI / 2);
  else
  {
    disk = add_elliptic_disk(0, 0, z0, ry, rx, 0);
    gmsh::model::occ::rotate({{2, disk}}, 0, 0, 0, 0, 0, 1, M_PI / 2);
    gmsh::model::occ::translate({{2, disk}}, cx, cy, 0);
  }
  gmsh::vectorpair out;
  gmsh::model::occ::extrude({{2, disk}}, 0, 0, height, out);
  int volume = -1;
  for (const auto &dt : out)
    if (dt.first == 3)
      volume = dt.second;
  place(3, volume, f);
  return volume;
}

int add_d_cylinder(const Frame &frame, double cy, double width, double depth, double z0, double height)
{
  const double b = d_shape_semi_depth * depth;
  const double y_centre = cy - depth / 2 + b;
  const int ellipse = add_elliptic_cylinder(frame, 0, y_centre, width / 2, b, z0, height);
  const int posterior = add_box(frame, {-width, cy + depth / 2, z0 - 1}, {width, cy + 2 * depth, z0 + height + 1});
  return cut_volume(ellipse, posterior).at(0);
}

std::vector<int> cut_volume(int object, int tool)
{
  gmsh::vectorpair out;
  std::vector<gmsh::vectorpair> map;
  gmsh::model::occ::cut({{3, object}}, {{3, tool}}, out, map, -1, true, true);
  return volume_tags(out);
}

std::vector<int> cut_volumes(const std::vector<int> &objects, const std::vector<int> &tools)
{
  gmsh::vectorpair out;
  std::vector<gmsh::vectorpair> map;
  gmsh::model::occ::cut(dim_tags(objects), dim_tags(tools), out, map, -1, true, false);
  return volume_tags(out);
}

std::vector<int> intersect_volumes(const std::vector<int> &objects, const std::vector<int> &tools)
{
  gmsh::vectorpair out;
  std::vector<gmsh::vectorpair> map;
  gmsh::model::occ::intersect(dim_tags(objects), dim_tags(tools), out, map, -1, true, true);
  return volume_tags(out);
}

std::vector<int> intersect_volume(int object, int tool)
{
  return intersect_volumes({object}, {tool});
}

void remove_volumes(const std::vector<int> &volumes)
{
  gmsh::model::occ::remove(dim_tags(volumes), true);
}

std::vector<int> fuse_volumes(const std::vector<int> &volumes)
{
  if (volumes.size() < 2)
    return volumes;
  gmsh::vectorpair out;
  std::vector<gmsh::vectorpair> map;
  gmsh::model::occ::fuse({{3, volumes[0]}}, dim_tags({volumes.begin() + 1, volumes.end()}), out, map);
  return volume_tags(out);
}
} // namespace spine::meshes
