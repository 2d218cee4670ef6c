#include "centre_of_rotation.h"

#include <cmath>

namespace spine::study
{
using meshes::Vec3;

Vec3 RigidMotion::rotate(const Vec3 &v) const
{
  Vec3 out{0, 0, 0};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      out[i] += R[i][j] * v[j];
  return out;
}

Vec3 RigidMotion::apply(const Vec3 &x) const { return meshes::operator+(rotate(x), b); }

RigidMotion RigidMotion::after(const RigidMotion &first) const
{
  RigidMotion out;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
    {
      out.R[i][j] = 0;
      for (int k = 0; k < 3; ++k)
        out.R[i][j] += R[i][k] * first.R[k][j];
    }
  out.b = apply(first.b);
  return out;
}

RigidMotion RigidMotion::inverse() const
{
  // R is orthogonal: the inverse rotation is its transpose.
  RigidMotion out;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      out.R[i][j] = R[j][i];
  out.b = out.rotate(meshes::operator*(-1.0, b)); // -R^T b
  return out;
}

RigidMotion RigidMotion::about(const std::array<Vec3, 3> &R, const Vec3 &c, const Vec3 &t)
{
  RigidMotion m;
  m.R = R;
  m.b = meshes::operator-(meshes::operator+(c, t), m.rotate(c));
  return m;
}

SagittalCentre sagittal_centre_of_rotation(const RigidMotion &l4_a, const RigidMotion &l5_a, const RigidMotion &l4_b,
                                           const RigidMotion &l5_b, const meshes::Frame &frame,
                                           const double min_rotation_deg)
{
  const RigidMotion relative_a = l5_a.inverse().after(l4_a);
  const RigidMotion relative_b = l5_b.inverse().after(l4_b);
  const RigidMotion T = relative_b.after(relative_a.inverse());
  // T in frame coordinates y: y -> Q y + q with Q = E^T R E, q = E^T (R o + b - o).
  const auto &e = frame.e;
  double Q[3][3];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
    {
      const Vec3 Rej = T.rotate(e[j]);
      Q[i][j] = meshes::dot(e[i], Rej);
    }
  const Vec3 moved_origin = meshes::operator-(T.apply(frame.origin), frame.origin);
  const double q1 = meshes::dot(e[1], moved_origin), q2 = meshes::dot(e[2], moved_origin);
  SagittalCentre out;
  // Sagittal rotation about e[0]: e[1] turns towards e[2] by the angle.
  out.rotation_deg = std::atan2(Q[2][1], Q[1][1]) * 180 / M_PI;
  if (!(std::abs(out.rotation_deg) >= min_rotation_deg))
    return out;
  // Solve (I - Q_s) p = q_s for the 2x2 sagittal block.
  const double a = 1 - Q[1][1], b = -Q[1][2], c = -Q[2][1], d = 1 - Q[2][2];
  const double det = a * d - b * c;
  out.posterior_mm = (d * q1 - b * q2) / det;
  out.cranial_mm = (-c * q1 + a * q2) / det;
  out.defined = std::isfinite(out.posterior_mm) && std::isfinite(out.cranial_mm);
  return out;
}
} // namespace spine::study
