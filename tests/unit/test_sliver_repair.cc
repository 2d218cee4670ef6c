// Sliver repair on a Kuhn-cube mesh (every dihedral 45-90°) into which slivers are cut.
#include "meshes/geometry/sliver_repair.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

using namespace spine::geometry;

namespace
{
using Tet = std::array<std::size_t, 4>;

struct Mesh
{
  std::vector<Point3> nodes;
  std::vector<Tet> tets;
  std::vector<int> regions;
};

/// n x n x n unit cubes, six tetrahedra each around the cube's (0,0,0)-(1,1,1) diagonal.
Mesh kuhn_cube(int n)
{
  Mesh m;
  const auto id = [n](int i, int j, int k) { return static_cast<std::size_t>((k * (n + 1) + j) * (n + 1) + i); };
  for (int k = 0; k <= n; ++k)
    for (int j = 0; j <= n; ++j)
      for (int i = 0; i <= n; ++i)
        m.nodes.push_back({double(i), double(j), double(k)});
  const int paths[6][2] = {{1, 2}, {1, 4}, {2, 1}, {2, 4}, {4, 1}, {4, 2}};
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i)
        for (const auto &p : paths)
        {
          const auto corner = [&](int bits) { return id(i + (bits & 1), j + ((bits >> 1) & 1), k + ((bits >> 2) & 1)); };
          m.tets.push_back({corner(0), corner(p[0]), corner(p[0] | p[1]), corner(7)});
          m.regions.push_back(1 + (i + j + k) % 2);
        }
  return m;
}

/// Splits edge (p, q) at fraction s from p: every tet around it becomes two (a short edge p-r).
std::size_t split_edge(Mesh &m, std::size_t p, std::size_t q, double s)
{
  const std::size_t r = m.nodes.size();
  Point3 x;
  for (int d = 0; d < 3; ++d)
    x[d] = m.nodes[p][d] + s * (m.nodes[q][d] - m.nodes[p][d]);
  m.nodes.push_back(x);
  const std::size_t n = m.tets.size();
  for (std::size_t t = 0; t < n; ++t)
  {
    Tet a = m.tets[t];
    if (std::count(a.begin(), a.end(), p) && std::count(a.begin(), a.end(), q))
    {
      Tet b = a;
      std::replace(a.begin(), a.end(), q, r);
      std::replace(b.begin(), b.end(), p, r);
      m.tets[t] = a;
      m.tets.push_back(b);
      m.regions.push_back(m.regions[t]);
    }
  }
  return r;
}

double volume(const Mesh &m)
{
  double v = 0;
  for (const Tet &t : m.tets)
    v += std::abs(tet_quality(m.nodes[t[0]], m.nodes[t[1]], m.nodes[t[2]], m.nodes[t[3]]).signed_volume);
  return v;
}

/// Faces shared by more than two tets (must be none) and the area of the outer boundary.
void check_conforming(const Mesh &m, double expected_boundary_area)
{
  std::map<std::array<std::size_t, 3>, int> count;
  for (const Tet &t : m.tets)
    for (int skip = 0; skip < 4; ++skip)
    {
      std::array<std::size_t, 3> f;
      for (int i = 0, j = 0; i < 4; ++i)
        if (i != skip)
          f[j++] = t[i];
      std::sort(f.begin(), f.end());
      ++count[f];
    }
  double area = 0;
  for (const auto &[f, c] : count)
  {
    EXPECT_LE(c, 2);
    if (c == 1)
    {
      const Point3 &a = m.nodes[f[0]], &b = m.nodes[f[1]], &c3 = m.nodes[f[2]];
      const double u[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]}, v[3] = {c3[0] - a[0], c3[1] - a[1], c3[2] - a[2]};
      const double n[3] = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
      area += 0.5 * std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    }
  }
  EXPECT_NEAR(area, expected_boundary_area, 1e-9);
}

/// Repairs m with merges limited to max_move; map receives the merge map.
SliverRepairStats repair(Mesh &m, double max_move, std::vector<std::size_t> &map)
{
  SliverRepairOptions o;
  o.max_move = max_move;
  return repair_slivers(m.nodes, m.tets, m.regions, map, o);
}

std::size_t count_bad(const Mesh &m)
{
  std::vector<std::array<std::size_t, 4>> tets(m.tets.begin(), m.tets.end());
  return mesh_quality(m.nodes, tets).n_dihedral_out_of_bounds;
}
} // namespace

TEST(SliverRepair, LeavesAGoodMeshAlone)
{
  Mesh m = kuhn_cube(2);
  const auto before = m.tets;
  std::vector<std::size_t> map;
  const SliverRepairStats s = repair_slivers(m.nodes, m.tets, m.regions, map);
  EXPECT_EQ(s.bad_before, 0u);
  EXPECT_EQ(s.collapses + s.flips + s.peeled + s.relocations + s.interface_swaps, 0u);
  EXPECT_EQ(m.tets.size(), before.size());
  EXPECT_EQ(m.nodes, kuhn_cube(2).nodes);
  for (std::size_t n = 0; n < m.nodes.size(); ++n)
    EXPECT_EQ(map[n], n);
}

TEST(SliverRepair, CollapsesShortEdgesInsideOnFacesAndOnEdges)
{
  Mesh m = kuhn_cube(3);
  // An interior edge, an edge on a face of the cube and one on its outer edge (id = x + 4y + 16z).
  const std::size_t inner = split_edge(m, 21, 42, 0.01);  // (1,1,1)-(2,2,2), a cube diagonal
  const std::size_t face = split_edge(m, 17, 18, 0.02);   // (1,0,1)-(2,0,1), on the y = 0 face
  const std::size_t edge = split_edge(m, 0, 16, 0.015);   // (0,0,0)-(0,0,1), on the cube's edge
  const std::size_t n_tets = m.tets.size();
  const std::size_t bad = count_bad(m);
  ASSERT_GT(bad, 0u);
  std::vector<std::size_t> map;
  const SliverRepairStats s = repair(m, 0.05, map);
  EXPECT_EQ(s.bad_before, bad);
  EXPECT_EQ(s.bad_after, 0u);
  EXPECT_EQ(count_bad(m), 0u);
  EXPECT_GE(s.collapses, 3u);
  EXPECT_LE(s.largest_move, 0.05);
  EXPECT_LT(m.tets.size(), n_tets);
  // The split nodes (inside, on a face, on a ridge) are merged into the edges' ends, which
  // sit on more region interfaces or at a corner; the domain is unchanged.
  EXPECT_EQ(map[inner], 21u);
  EXPECT_EQ(map[face], 17u);
  EXPECT_EQ(map[edge], 0u);
  EXPECT_NEAR(volume(m), 27, 1e-9);
  check_conforming(m, 54);
  ASSERT_EQ(m.regions.size(), m.tets.size());
}

TEST(SliverRepair, MovesNoFeatureBeyondTheLimitButSlidesAlongAStraightRidge)
{
  Mesh m = kuhn_cube(3);
  // On the cube's edge x = y = 0: merging would move a ridge or a corner, sliding along
  // the edge moves nothing.
  const std::size_t r = split_edge(m, 0, 16, 0.015);
  std::vector<std::size_t> map;
  const SliverRepairStats s = repair(m, 0.001, map);
  EXPECT_EQ(s.collapses, 0u);
  EXPECT_GE(s.relocations, 1u);
  EXPECT_EQ(s.bad_after, 0u);
  EXPECT_EQ(count_bad(m), 0u);
  EXPECT_EQ(map[r], r);
  EXPECT_EQ(m.nodes[r][0], 0);
  EXPECT_EQ(m.nodes[r][1], 0);
  EXPECT_GT(m.nodes[r][2], 0.1);
  EXPECT_LT(m.nodes[r][2], 0.9);
  EXPECT_GT(s.largest_relocation, 0.05);
  EXPECT_NEAR(volume(m), 27, 1e-9);
  check_conforming(m, 54);
}

TEST(SliverRepair, LeavesFixedNodesAndCornersWhereTheyAre)
{
  Mesh m = kuhn_cube(3);
  const std::size_t r = split_edge(m, 0, 16, 0.015);
  const Point3 before = m.nodes[r];
  std::vector<std::size_t> map;
  SliverRepairOptions o;
  o.max_move = 0.001;
  o.fixed.assign(m.nodes.size(), 0);
  o.fixed[r] = 1;
  const SliverRepairStats s = repair_slivers(m.nodes, m.tets, m.regions, map, o);
  EXPECT_EQ(s.collapses, 0u);
  EXPECT_EQ(m.nodes[r], before);
  EXPECT_EQ(m.nodes[0], (Point3{0, 0, 0}));  // the corner next to it
  EXPECT_GT(s.bad_after, 0u);
  EXPECT_NEAR(volume(m), 27, 1e-9);
  check_conforming(m, 54);
}

TEST(SliverRepair, MergesInsideARegionAtAnyDistance)
{
  Mesh m = kuhn_cube(3);
  const std::size_t inner = split_edge(m, 21, 42, 0.01);  // inside one region: no surface moves
  std::vector<std::size_t> map;
  const SliverRepairStats s = repair(m, 0.001, map);
  EXPECT_GE(s.collapses, 1u);
  EXPECT_EQ(s.largest_move, 0);  // only moves of features are counted
  EXPECT_EQ(s.bad_after, 0u);
  EXPECT_EQ(map[inner], 21u);
  EXPECT_NEAR(volume(m), 27, 1e-9);
  check_conforming(m, 54);
}

TEST(SliverRepair, PeelsAFlatTetOnTheOuterBoundary)
{
  Mesh m = kuhn_cube(2);
  const std::size_t n_tets = m.tets.size();
  // A flat tet on a boundary triangle of the z = 0 face: its apex 0.01 below the face.
  std::size_t a = 4, b = 5, c = 1;  // (1,1,0), (2,1,0), (1,0,0)
  bool found = false;
  for (const Tet &t : m.tets)
    found |= std::count(t.begin(), t.end(), a) && std::count(t.begin(), t.end(), b) && std::count(t.begin(), t.end(), c);
  ASSERT_TRUE(found);
  m.nodes.push_back({4.0 / 3, 2.0 / 3, -0.01});
  m.tets.push_back({a, b, c, m.nodes.size() - 1});
  m.regions.push_back(7);
  ASSERT_EQ(count_bad(m), 1u);
  std::vector<std::size_t> map;
  const SliverRepairStats s = repair_slivers(m.nodes, m.tets, m.regions, map);
  EXPECT_EQ(s.peeled, 1u);
  EXPECT_EQ(s.bad_after, 0u);
  EXPECT_EQ(m.tets.size(), n_tets);
  EXPECT_EQ(std::count(m.regions.begin(), m.regions.end(), 7), 0);
  EXPECT_NEAR(volume(m), 8, 1e-12);
}

TEST(SliverRepair, KeepsTheDomainOfAPerturbedMesh)
{
  Mesh m = kuhn_cube(4);
  // Interior nodes moved by up to 0.3 along each axis (a fixed linear congruential
  // sequence): some tets turn bad, none inverts. One region: merges of interior nodes and
  // flips may act, neither moves the boundary.
  std::uint32_t state = 12345;
  const auto next = [&state]() {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) / double(1u << 24) - 0.5;
  };
  for (auto &x : m.nodes)
    if (x[0] > 0 && x[0] < 4 && x[1] > 0 && x[1] < 4 && x[2] > 0 && x[2] < 4)
      for (double &c : x)
        c += 0.6 * next();
  std::fill(m.regions.begin(), m.regions.end(), 1);
  ASSERT_NEAR(volume(m), 64, 1e-9);
  const std::size_t bad = count_bad(m);
  ASSERT_GT(bad, 0u);
  std::vector<std::size_t> map;
  const SliverRepairStats s = repair(m, 0, map);
  EXPECT_GT(s.flips + s.collapses, 0u);
  EXPECT_EQ(s.largest_move, 0);
  EXPECT_LT(s.bad_after, bad);
  EXPECT_EQ(count_bad(m), s.bad_after);
  EXPECT_EQ(s.peeled, 0u);  // the outer layer was not perturbed
  EXPECT_NEAR(volume(m), 64, 1e-9);
  check_conforming(m, 96);
}

namespace
{
/// A cap tet abcd (region 1) on a nearly flat interface: c and d lie 0.05 above the edge ab,
/// the cap's faces at ab face region 2 below and its faces at cd face region 1 above. Seven
/// tets around cd, so the cap cannot be flipped away inside region 1.
Mesh interface_cap()
{
  Mesh m;
  m.nodes = {{0, 0, 0}, {2, 0, 0}, {1, 1, 0.05}, {1, -1, 0.05}, {1, 0, -1}};
  m.tets = {{0, 1, 2, 3}, {0, 1, 2, 4}, {0, 1, 3, 4}};
  m.regions = {1, 2, 2};
  std::size_t previous = 0;  // a, then the upper half circle about (1, 0, 0), then b
  for (int k = 1; k <= 6; ++k)
  {
    std::size_t next = 1;
    if (k < 6)
    {
      const double angle = M_PI * (1 - k / 6.0);
      m.nodes.push_back({1 + std::cos(angle), 0, std::sin(angle)});
      next = m.nodes.size() - 1;
    }
    m.tets.push_back({2, 3, previous, next});
    m.regions.push_back(1);
    previous = next;
  }
  return m;
}

double region_volume(const Mesh &m, int region)
{
  double v = 0;
  for (std::size_t t = 0; t < m.tets.size(); ++t)
    if (m.regions[t] == region)
    {
      const Tet &k = m.tets[t];
      v += std::abs(tet_quality(m.nodes[k[0]], m.nodes[k[1]], m.nodes[k[2]], m.nodes[k[3]]).signed_volume);
    }
  return v;
}
} // namespace

TEST(SliverRepair, SwapsTheDiagonalOfAnInterfaceUnderACap)
{
  Mesh m = interface_cap();
  ASSERT_EQ(count_bad(m), 1u);
  const double total = volume(m), cap = std::abs(tet_quality(m.nodes[0], m.nodes[1], m.nodes[2], m.nodes[3]).signed_volume);
  const double lower = region_volume(m, 2);
  std::vector<std::size_t> map;
  const SliverRepairStats s = repair(m, 0.06, map);  // the cap is 0.05 thick; every edge is longer than 0.5
  EXPECT_EQ(s.interface_swaps, 1u);
  EXPECT_EQ(s.flips + s.collapses + s.relocations, 0u);
  EXPECT_EQ(s.bad_after, 0u);
  EXPECT_EQ(count_bad(m), 0u);
  EXPECT_EQ(m.tets.size(), 8u);  // the 3-2 flip around ab
  EXPECT_NEAR(volume(m), total, 1e-12);
  EXPECT_NEAR(region_volume(m, 2), lower + cap, 1e-12);  // the interface moved by the cap
}

TEST(SliverRepair, KeepsAnInterfaceThatWouldMoveBeyondTheLimit)
{
  Mesh m = interface_cap();
  std::vector<std::size_t> map;
  const SliverRepairStats s = repair(m, 0.04, map);
  EXPECT_EQ(s.interface_swaps, 0u);
  EXPECT_EQ(s.bad_after, 1u);
  EXPECT_EQ(m.tets.size(), 9u);
}
