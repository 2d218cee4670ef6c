// A tissue that is pre-tensioned in the reference (in-situ) configuration, such as the
// ligamentum flavum: the inner law is evaluated at F F0 with the volume-preserving in-situ
// stretch F0 = s a⊗a + s^(-1/2) (I - a⊗a) along the unit axis a (s > 1: tension). Then
// W(F) = W0(F F0), P = P0(F F0) F0^T and A_iJkL = A0_iMkN F0_JM F0_LN.
#pragma once

#include <spine/solver/material_laws.h>

#include <memory>

namespace spine::solver
{
  std::unique_ptr<MaterialLaw>
  make_prestretched_law(std::unique_ptr<MaterialLaw> inner, const dealii::Tensor<1, 3> &axis, double stretch);
} // namespace spine::solver
