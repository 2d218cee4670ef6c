// Sagittal centre of rotation of L4 relative to L5: the point of the sagittal plane that the
// relative rigid motion between two states leaves in place. Clinical and in-vitro studies
// report it (instantaneous or finite centre of rotation) to judge whether a segment moves
// normally; here it also shows where the segment pivots (in the disc, or behind it when the
// posterior structures act as a hinge).
#pragma once
#include "meshes/frame.h"

#include <array>

namespace spine::study
{
/// Rigid motion x -> R x + b.
struct RigidMotion
{
  std::array<meshes::Vec3, 3> R{meshes::Vec3{1, 0, 0}, meshes::Vec3{0, 1, 0}, meshes::Vec3{0, 0, 1}};
  meshes::Vec3 b{0, 0, 0};

  meshes::Vec3 apply(const meshes::Vec3 &x) const;
  /// The rotation alone, for directions: R v.
  meshes::Vec3 rotate(const meshes::Vec3 &v) const;
  /// this after `first`: x -> this(first(x)).
  RigidMotion after(const RigidMotion &first) const;
  RigidMotion inverse() const;
  /// x -> R (x - c) + c + t, the form of a rigid-body fit about its centroid c.
  static RigidMotion about(const std::array<meshes::Vec3, 3> &R, const meshes::Vec3 &c, const meshes::Vec3 &t);
};

struct SagittalCentre
{
  bool defined = false;  ///< false when the sagittal rotation is below the threshold
  double posterior_mm = 0, cranial_mm = 0; ///< in `frame` (its e[1], e[2] axes, from its origin)
  double rotation_deg = 0; ///< sagittal rotation of the motion (about the frame's e[0])
};

/// Centre of rotation in the sagittal plane of `frame` (axes e[0] lateral, e[1] posterior,
/// e[2] cranial) of the relative motion of L4 with respect to L5 from state A to state B,
/// given the motions of both bodies from the reference configuration to A and to B. The
/// result is in L5's reference coordinates: the point p with T p = p in the sagittal
/// components, T = (B5⁻¹ B4)(A5⁻¹ A4)⁻¹. Undefined below `min_rotation_deg` (the centre of
/// a tiny rotation is swamped by the translation noise of the fits).
SagittalCentre sagittal_centre_of_rotation(const RigidMotion &l4_a, const RigidMotion &l5_a, const RigidMotion &l4_b,
                                           const RigidMotion &l5_b, const meshes::Frame &frame,
                                           double min_rotation_deg = 0.05);
} // namespace spine::study
