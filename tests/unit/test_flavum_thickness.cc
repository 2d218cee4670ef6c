// The line-inside-tetrahedra length behind the measured LF thickness (meshes/flavum_thickness).
#include "meshes/flavum_thickness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

using namespace spine::meshes;

namespace
{
/// Unit cubes [0,1]^2 x [z0, z0+1] for z0 = 0..n-1, each split into the six Kuhn tetrahedra
/// (all sharing the main diagonal), so that internal faces and shared faces abound.
TetMesh kuhn_column(int n)
{
  TetMesh m;
  for (int k = 0; k <= n; ++k)
    for (int j = 0; j < 2; ++j)
      for (int i = 0; i < 2; ++i)
        m.nodes.push_back({double(i), double(j), double(k)});
  auto id = [](int i, int j, int k) { return std::size_t(i + 2 * j + 4 * k); };
  const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  for (int k = 0; k < n; ++k)
    for (const auto &p : perms)
    {
      int c[3] = {0, 0, 0};
      TetMesh::Tet t{{id(0, 0, k), 0, 0, 0}, 41};
      for (int s = 0; s < 3; ++s)
      {
        ++c[p[s]];
        t.v[s + 1] = id(c[0], c[1], k + c[2]);
      }
      m.tets.push_back(t);
    }
  return m;
}

std::vector<std::size_t> all(const TetMesh &m)
{
  std::vector<std::size_t> v(m.tets.size());
  std::iota(v.begin(), v.end(), 0);
  return v;
}
} // namespace

TEST(FlavumThickness, LinesThroughKuhnCubes)
{
  const TetMesh one = kuhn_column(1), three = kuhn_column(3);
  // Through the cube along each axis, from a point outside it.
  EXPECT_NEAR(length_inside(one, all(one), {-2, 0.3, 0.6}, {1, 0, 0}), 1.0, 1e-12);
  EXPECT_NEAR(length_inside(one, all(one), {0.7, 5, 0.2}, {0, -1, 0}), 1.0, 1e-12);
  // Along the main diagonal: on the edge shared by all six tetrahedra, counted once.
  const double r = 1 / std::sqrt(3.0);
  EXPECT_NEAR(length_inside(one, all(one), {0, 0, 0}, {r, r, r}), std::sqrt(3.0), 1e-12);
  // Three stacked cubes: shared faces are not counted twice.
  EXPECT_NEAR(length_inside(three, all(three), {0.25, 0.5, -1}, {0, 0, 1}), 3.0, 1e-12);
  // A line that misses the column, and one through only part of the cells.
  EXPECT_NEAR(length_inside(three, all(three), {1.5, 0.5, 0}, {0, 0, 1}), 0.0, 1e-12);
  const std::vector<std::size_t> lower{0, 1, 2, 3, 4, 5}; // the bottom cube
  EXPECT_NEAR(length_inside(three, lower, {0.25, 0.5, -1}, {0, 0, 1}), 1.0, 1e-12);
  // An oblique line through the column: 3 / cos(angle) inside.
  const double a = 0.1, c = std::cos(a), s = std::sin(a);
  EXPECT_NEAR(length_inside(three, all(three), {0.3, 0.5, 0}, {s, 0, c}), 3.0 / c, 1e-12);
}
