// Sagittal centre of rotation from rigid-body motions: known centres of synthetic motions.
#include "study/centre_of_rotation.h"

#include <gtest/gtest.h>

#include <cmath>

using spine::meshes::Frame;
using spine::meshes::Vec3;
using spine::study::RigidMotion;
using spine::study::sagittal_centre_of_rotation;

namespace
{
/// Rotation by `deg` about the unit axis through point p.
RigidMotion rotation_about(const Vec3 &axis, double deg, const Vec3 &p)
{
  std::array<Vec3, 3> R;
  for (int j = 0; j < 3; ++j)
  {
    Vec3 ej{0, 0, 0};
    ej[j] = 1;
    const Vec3 col = spine::meshes::rotate(ej, axis, deg * M_PI / 180);
    for (int i = 0; i < 3; ++i)
      R[i][j] = col[i];
  }
  return RigidMotion::about(R, p, {0, 0, 0});
}

RigidMotion translation(const Vec3 &t) { return RigidMotion::about(RigidMotion().R, {0, 0, 0}, t); }

/// A mid-segment frame tilted by 5° lordosis, origin at (0, 2, 30).
Frame tilted_frame()
{
  Frame f = Frame().rotated_about_own_axis(0, -5 * M_PI / 180);
  f.origin = {0, 2, 30};
  return f;
}
} // namespace

TEST(CentreOfRotation, PureRotationAboutAKnownPoint)
{
  const Frame frame = tilted_frame();
  const Vec3 centre = frame.to_global({0, 6.5, -3.0}); // 6.5 mm posterior, 3 mm caudal
  const RigidMotion identity;
  const auto c = sagittal_centre_of_rotation(identity, identity, rotation_about(frame.e[0], 4.0, centre), identity, frame);
  ASSERT_TRUE(c.defined);
  EXPECT_NEAR(c.posterior_mm, 6.5, 1e-9);
  EXPECT_NEAR(c.cranial_mm, -3.0, 1e-9);
  EXPECT_NEAR(c.rotation_deg, 4.0, 1e-9); // about +e[0]: flexion positive
  // Extension about the same point.
  const auto e = sagittal_centre_of_rotation(identity, identity, rotation_about(frame.e[0], -3.0, centre), identity, frame);
  EXPECT_NEAR(e.posterior_mm, 6.5, 1e-9);
  EXPECT_NEAR(e.rotation_deg, -3.0, 1e-9);
}

TEST(CentreOfRotation, RelativeToL5AndFromTheNeutralState)
{
  const Frame frame = tilted_frame();
  const Vec3 centre = frame.to_global({0, -4.0, 1.5});
  // Neutral state: L4 already rotated about some other point and shifted (pre-stress).
  const RigidMotion l4_neutral = translation({0.1, -0.3, 0.2}).after(rotation_about(frame.e[0], 1.0, {0, 20, 40}));
  // Both bodies then carried by a common rigid motion G (L5 not perfectly fixed), and L4
  // rotated by 2.5° about `centre` relative to L5.
  const RigidMotion G = translation({0.3, 0.5, -0.2}).after(rotation_about(spine::meshes::normalized({0.2, 1, 0.3}), 1.7, {5, 0, 0}));
  const RigidMotion l5_neutral = translation({0, 0.05, 0});
  const RigidMotion l5_loaded = G.after(l5_neutral);
  const RigidMotion l4_loaded = G.after(l5_neutral).after(rotation_about(frame.e[0], 2.5, centre))
                                  .after(l5_neutral.inverse()).after(l4_neutral);
  const auto c = sagittal_centre_of_rotation(l4_neutral, l5_neutral, l4_loaded, l5_loaded, frame);
  ASSERT_TRUE(c.defined);
  EXPECT_NEAR(c.posterior_mm, -4.0, 1e-8);
  EXPECT_NEAR(c.cranial_mm, 1.5, 1e-8);
  EXPECT_NEAR(c.rotation_deg, 2.5, 1e-9);
}

TEST(CentreOfRotation, TranslationAndTinyRotationHaveNoCentre)
{
  const Frame frame = tilted_frame();
  const RigidMotion identity;
  EXPECT_FALSE(sagittal_centre_of_rotation(identity, identity, translation({0, 1, 0}), identity, frame).defined);
  EXPECT_FALSE(
    sagittal_centre_of_rotation(identity, identity, rotation_about(frame.e[0], 0.01, {0, 0, 0}), identity, frame).defined);
}

TEST(CentreOfRotation, InverseAndComposition)
{
  const RigidMotion m = translation({1, 2, 3}).after(rotation_about(spine::meshes::normalized({1, 1, 0}), 30, {4, 5, 6}));
  const Vec3 x{0.3, -7, 2};
  const Vec3 back = m.inverse().apply(m.apply(x));
  for (int i = 0; i < 3; ++i)
    EXPECT_NEAR(back[i], x[i], 1e-12);
}
