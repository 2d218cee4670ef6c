// The canal gauge on a deformed mesh: a posterior disc bulge that swallows the reference
// seed (just behind the disc wall) must not switch the measurement to another region.
#include "meshes/canal_metric.h"

#include <gtest/gtest.h>

#include <vector>

using namespace spine;

namespace
{
// Side walls (z in [-5, 5]) of the axis-aligned rectangle [x0,x1] x [y0,y1]; the end caps
// are left out: the section plane z = 0 never cuts them.
void add_rectangle_walls(std::vector<geometry::Triangle3> &tris, double x0, double x1, double y0, double y1)
{
  const geometry::Point2 c[4] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
  for (int k = 0; k < 4; ++k)
  {
    const auto &p = c[k], &q = c[(k + 1) % 4];
    const geometry::Point3 pa{p[0], p[1], -5}, qa{q[0], q[1], -5}, pb{p[0], p[1], 5}, qb{q[0], q[1], 5};
    tris.push_back({pa, qa, qb});
    tris.push_back({pa, qb, pb});
  }
}

// A block of "disc and bone" [-20,20] x [-30,20] pierced by a canal [-8,8] x [front,10];
// y is posterior, so the disc wall is the canal's anterior side y = front.
std::vector<geometry::Triangle3> tube(double front)
{
  std::vector<geometry::Triangle3> tris;
  add_rectangle_walls(tris, -20, 20, -30, 20);
  add_rectangle_walls(tris, -8, 8, front, 10);
  return tris;
}

meshes::CanalGauge gauge_behind_disc_wall()
{
  meshes::CanalGauge g;  // identity frame: planes z = height
  g.levels = {{"mid-disc", 0.0}};
  g.seed = {0, 0.3, 0};  // 0.3 mm behind the reference disc wall y = 0
  g.sap_medial_border = {meshes::Vec3{-30, 0, 0}, meshes::Vec3{30, 0, 0}};  // outside the block
  return g;
}
} // namespace

TEST(CanalGauge, ReferenceSectionAndMidCanalSeed)
{
  const auto m = meshes::measure_canal(tube(0), gauge_behind_disc_wall());
  ASSERT_EQ(m.size(), 1u);
  ASSERT_TRUE(m[0].section.closed);
  EXPECT_NEAR(m[0].section.area, 16 * 10, 1e-9);
  EXPECT_NEAR(m[0].seed[1], 5, 1e-9);  // halfway between the disc wall and the back wall
}

TEST(CanalGauge, BulgePastReferenceSeedKeepsTheCanal)
{
  const auto reference = meshes::measure_canal(tube(0), gauge_behind_disc_wall());
  // The disc wall bulges 1 mm backwards, past the reference seed.
  const auto bulged = tube(1);
  // Without level seeds the seed lies in the block: its (closed) section is not the canal.
  const auto naive = meshes::measure_canal(bulged, gauge_behind_disc_wall());
  EXPECT_GT(naive[0].section.area, 1000);
  const auto m = meshes::measure_canal(bulged, meshes::with_level_seeds(gauge_behind_disc_wall(), reference));
  ASSERT_TRUE(m[0].section.closed);
  EXPECT_NEAR(m[0].section.area, 16 * 9, 1e-9);
}
