// A tension-only fibre family along a fixed unit direction a added to any finite-strain law,
// for tissue that is stiff in tension along its fibres but soft in compression (the
// ligamentum flavum): W = W0(F) + Ef/8 (I4 - 1)^2 for I4 = a.C a > 1, nothing for I4 <= 1.
// For small fibre strain e the fibre stress is Ef e. P = P0 + F S_f with
// S_f = Ef/2 (I4 - 1) a⊗a, A_iJkL = A0_iJkL + d_ik S_f,JL + Ef (F a)_i a_J (F a)_k a_L.
#pragma once

#include <spine/solver/material_laws.h>

#include <memory>

namespace spine::solver
{
  std::unique_ptr<MaterialLaw>
  make_fibre_reinforced_law(std::unique_ptr<MaterialLaw> matrix, const dealii::Tensor<1, 3> &direction,
                            double fibre_modulus);
} // namespace spine::solver
