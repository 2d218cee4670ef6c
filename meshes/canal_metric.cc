#include "meshes/canal_metric.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace spine::meshes
{
CanalGauge CanalGauge::reference(const AnatomyLayout &L)
{
  CanalGauge g;
  g.mid_segment = L.mid_segment;
  g.levels = {{"L4 pedicle", L.l4_pedicle_level()}, {"mid-disc", 0.0}, {"L5 pedicle", L.l5_pedicle_level()}};
  // Just behind the posterior disc wall: measure_canal refines it from the section.
  const double y_disc = L.disc_centre_y + L.p.disc.depth / 2;
  g.seed = L.mid_segment.to_global({0, L.mid_segment.to_local({0, y_disc + 0.3, 0})[1], 0});
  for (const auto &f : L.facets)
    g.sap_medial_border[AnatomyLayout::side_index(f.side)] = f.sap_medial_border;
  return g;
}

std::vector<CanalMeasurement> measure_canal(const std::vector<geometry::Triangle3> &boundary,
                                            const CanalGauge &g)
{
  std::vector<CanalMeasurement> out;
  for (const auto &[name, height] : g.levels)
  {
    geometry::SectionPlane plane;
    plane.origin = g.mid_segment.to_global({0, 0, height});
    plane.e1 = g.mid_segment.e[0];
    plane.e2 = g.mid_segment.e[1];
    // Seed: on the midline, halfway between the posterior disc/body wall (the wall crossing
    // nearest to the reference seed's anterior side) and the next wall behind it (LF or
    // lamina). Found from the section itself, so it follows any deformation.
    const auto walls = geometry::slice_triangles(boundary, plane);
    const auto level_seed = g.level_seed.find(name);
    const auto guess = geometry::to_2d(plane, level_seed != g.level_seed.end() ? level_seed->second : g.seed);
    std::vector<double> crossings;
    for (const auto &w : walls)
      if ((w.a[0] < guess[0]) != (w.b[0] < guess[0]))  // an end point on the midline counts once
      {
        const double f = (guess[0] - w.a[0]) / (w.b[0] - w.a[0]);
        crossings.push_back(w.a[1] + f * (w.b[1] - w.a[1]));
      }
    std::sort(crossings.begin(), crossings.end());
    geometry::Point2 seed = guess;
    for (std::size_t i = 0; i + 1 < crossings.size(); ++i)
      if (crossings[i] <= guess[1] && crossings[i + 1] > guess[1])
        seed[1] = 0.5 * (crossings[i] + crossings[i + 1]);
    std::vector<geometry::Segment2> closures;
    for (const auto &b : g.sap_medial_border)
    {
      const auto p = geometry::to_2d(plane, b);
      closures.push_back({{p[0], p[1] - 40}, {p[0], p[1] + 40}});
    }
    out.push_back({name, height, geometry::canal_section(boundary, plane, seed, closures), geometry::to_3d(plane, seed)});
  }
  return out;
}

CanalGauge with_level_seeds(CanalGauge gauge, const std::vector<CanalMeasurement> &reference)
{
  for (const auto &m : reference)
    if (m.section.closed)
      gauge.level_seed[m.level] = m.seed;
  return gauge;
}

std::vector<geometry::Triangle3> boundary_triangles(const TetMesh &mesh, const std::vector<bool> &kept,
                                                    const std::vector<Vec3> &x)
{
  static constexpr int faces[4][3] = {{0, 1, 2}, {0, 1, 3}, {0, 2, 3}, {1, 2, 3}};
  std::map<std::array<std::size_t, 3>, int> count;
  for (std::size_t i = 0; i < mesh.tets.size(); ++i)
    if (kept[i])
      for (const auto &f : faces)
      {
        std::array<std::size_t, 3> key{mesh.tets[i].v[f[0]], mesh.tets[i].v[f[1]], mesh.tets[i].v[f[2]]};
        std::sort(key.begin(), key.end());
        ++count[key];
      }
  std::vector<geometry::Triangle3> out;
  for (const auto &[key, n] : count)
    if (n == 1)
      out.push_back({x[key[0]], x[key[1]], x[key[2]]});
  return out;
}
} // namespace spine::meshes
