#include "meshes/geometry/mesh_quality.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace spine::geometry;

namespace
{
const double kRegularDihedral = std::acos(1.0 / 3.0) * 180 / M_PI;  // 70.5288°
}

TEST(TetQuality, RegularTet)
{
  const double s = 2.0;  // edge length 2*sqrt(2)
  const Point3 a{s, s, s}, b{s, -s, -s}, c{-s, s, -s}, d{-s, -s, s};
  const TetQuality q = tet_quality(a, b, c, d);
  const double edge = 2 * std::sqrt(2.0) * s;
  EXPECT_NEAR(std::abs(q.signed_volume), edge * edge * edge / (6 * std::sqrt(2.0)), 1e-12);
  EXPECT_NEAR(q.min_dihedral_deg, kRegularDihedral, 1e-9);
  EXPECT_NEAR(q.max_dihedral_deg, kRegularDihedral, 1e-9);
  EXPECT_NEAR(q.aspect_ratio, 1.0, 1e-12);
  // Orientation flips the sign of the volume only.
  const TetQuality f = tet_quality(b, a, c, d);
  EXPECT_NEAR(f.signed_volume, -q.signed_volume, 1e-12);
  EXPECT_NEAR(f.min_dihedral_deg, kRegularDihedral, 1e-9);
  EXPECT_NEAR(f.aspect_ratio, 1.0, 1e-12);
}

TEST(TetQuality, RightCornerTet)
{
  const TetQuality q = tet_quality({0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1});
  EXPECT_NEAR(q.signed_volume, 1.0 / 6, 1e-15);
  EXPECT_NEAR(q.max_dihedral_deg, 90, 1e-9);                                    // edges on the axes
  EXPECT_NEAR(q.min_dihedral_deg, std::acos(1 / std::sqrt(3.0)) * 180 / M_PI, 1e-9);  // 54.7356°
  // R = sqrt(3)/2, r = 1/(3+sqrt(3))  =>  R/(3r) = (1+sqrt(3))/2.
  EXPECT_NEAR(q.aspect_ratio, (1 + std::sqrt(3.0)) / 2, 1e-12);
}

TEST(TetQuality, SliverAndDegenerate)
{
  // Four nearly coplanar points on a square: the classic sliver (good edges, flat).
  const TetQuality q = tet_quality({1, 0, 0}, {-1, 0, 0}, {0, 1, 0.05}, {0, -1, 0.05});
  EXPECT_LT(q.min_dihedral_deg, 5);
  EXPECT_GT(q.max_dihedral_deg, 170);
  EXPECT_GT(q.aspect_ratio, 10);
  const TetQuality z = tet_quality({0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0});
  EXPECT_EQ(z.signed_volume, 0);
  EXPECT_TRUE(std::isinf(z.aspect_ratio));
}

TEST(MeshQuality, CountsAndVolumes)
{
  // Unit cube split into 6 positively oriented tets around the diagonal 0-6 ...
  std::vector<Point3> nodes = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0},
                               {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};
  std::vector<std::array<std::size_t, 4>> tets = {{0, 1, 2, 6}, {0, 2, 3, 6}, {0, 3, 7, 6},
                                                  {0, 7, 4, 6}, {0, 4, 5, 6}, {0, 5, 1, 6}};
  for (auto &t : tets)  // orient each positively whatever the listing above gives
    if (tet_quality(nodes[t[0]], nodes[t[1]], nodes[t[2]], nodes[t[3]]).signed_volume < 0)
      std::swap(t[0], t[1]);
  MeshQualityReport r = mesh_quality(nodes, tets);
  EXPECT_EQ(r.n_tets, 6u);
  EXPECT_EQ(r.n_inverted, 0u);
  EXPECT_EQ(r.n_dihedral_out_of_bounds, 0u);
  EXPECT_NEAR(r.total_volume, 1.0, 1e-14);
  EXPECT_NEAR(r.min_volume, 1.0 / 6, 1e-14);
  EXPECT_GT(r.worst_aspect_ratio, 1.0);

  // ... plus one inverted tet and one sliver.
  tets.push_back({1, 0, 3, 4});  // inverted copy of the corner tet at node 0
  EXPECT_LT(tet_quality(nodes[1], nodes[0], nodes[3], nodes[4]).signed_volume, 0);
  const std::size_t s0 = nodes.size();
  nodes.insert(nodes.end(), {{11, 0, 0}, {9, 0, 0}, {10, 1, 0.01}, {10, -1, 0.01}});
  tets.push_back({s0, s0 + 1, s0 + 2, s0 + 3});
  if (tet_quality(nodes[s0], nodes[s0 + 1], nodes[s0 + 2], nodes[s0 + 3]).signed_volume < 0)
    std::swap(tets.back()[0], tets.back()[1]);
  r = mesh_quality(nodes, tets);
  EXPECT_EQ(r.n_tets, 8u);
  EXPECT_EQ(r.n_inverted, 1u);
  EXPECT_EQ(r.n_flat, 0u);                    // the sliver has a volume: it is thin, not flat
  EXPECT_EQ(r.n_dihedral_out_of_bounds, 1u);  // the sliver only (the inverted tet is well shaped)
  EXPECT_NEAR(r.min_volume, -1.0 / 6, 1e-14);
  EXPECT_NEAR(r.total_volume, 1.0 - 1.0 / 6 + 2 * 2 * 0.01 / 6, 1e-12);  // sliver: 2|u×v·w|/6
  EXPECT_LT(r.min_dihedral_deg, 5);
  EXPECT_GT(r.max_dihedral_deg, 170);

  // A tet on four coplanar points (z = 0 up to round-off): flat, whatever the sign of its
  // round-off volume.
  const std::size_t f0 = nodes.size();
  nodes.insert(nodes.end(), {{20, 0, 0}, {21, 0, 0}, {20, 1, 0}, {20.3, 0.3, 1e-13}});
  tets.push_back({f0, f0 + 1, f0 + 2, f0 + 3});
  r = mesh_quality(nodes, tets);
  EXPECT_EQ(r.n_flat, 1u);
  EXPECT_EQ(r.n_inverted, 1u);  // positive round-off volume: not counted as inverted
  tets.pop_back();

  tets.push_back({0, 1, 2, 99});
  EXPECT_THROW(mesh_quality(nodes, tets), std::out_of_range);
  EXPECT_EQ(mesh_quality(nodes, {}).n_tets, 0u);
}
