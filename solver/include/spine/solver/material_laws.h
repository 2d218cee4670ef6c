// Constitutive laws. Each law gives the first Piola–Kirchhoff stress P(F) and its
// consistent tangent A = dP/dF; finite-strain laws get A by forward automatic
// differentiation of an analytic stress (exact to round-off, no hand-derived tangents).
#pragma once

#include <spine/solver/input_specs.h>

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include <memory>

namespace spine::solver
{
  class MaterialLaw
  {
  public:
    virtual ~MaterialLaw() = default;

    /// Small-strain laws are evaluated with linearised kinematics (eps = sym(F - I)), and
    /// a model made only of them is solved geometrically linear (loads on the reference
    /// configuration).
    virtual bool
    is_small_strain() const
    {
      return false;
    }

    /// First Piola–Kirchhoff stress (for small strain: Cauchy stress of eps).
    virtual dealii::Tensor<2, 3>
    stress(const dealii::Tensor<2, 3> &F) const = 0;

    /// Stress and tangent A[i][J][k][L] = dP_iJ / dF_kL.
    virtual void
    stress_and_tangent(const dealii::Tensor<2, 3> &F,
                       dealii::Tensor<2, 3> &      P,
                       dealii::Tensor<4, 3> &      A) const = 0;

    /// Cauchy stress sigma = P F^T / J.
    dealii::Tensor<2, 3>
    cauchy_stress(const dealii::Tensor<2, 3> &F) const;

    /// Strain energy density per reference volume (used by tests and diagnostics).
    virtual double
    strain_energy(const dealii::Tensor<2, 3> &F) const = 0;

    /// Anisotropic laws depend on the material point (fibre field); the assembly calls
    /// these overloads with the reference position X. Isotropic laws ignore X.
    virtual bool
    depends_on_position() const
    {
      return false;
    }
    virtual dealii::Tensor<2, 3>
    stress(const dealii::Tensor<2, 3> &F, const dealii::Point<3> &) const
    {
      return stress(F);
    }
    virtual void
    stress_and_tangent(const dealii::Tensor<2, 3> &F,
                       const dealii::Point<3> &,
                       dealii::Tensor<2, 3> &P,
                       dealii::Tensor<4, 3> &A) const
    {
      stress_and_tangent(F, P, A);
    }
    virtual double
    strain_energy(const dealii::Tensor<2, 3> &F, const dealii::Point<3> &) const
    {
      return strain_energy(F);
    }
    dealii::Tensor<2, 3> cauchy_stress(const dealii::Tensor<2, 3> &F, const dealii::Point<3> &X) const;

    /// Laws with W = W_iso(F) + U(J) support the mean-dilatation (P2/P0) formulation:
    /// isochoric stress/tangent (U left out), U'(J) and U''(J).
    virtual bool
    has_volumetric_split() const
    {
      return false;
    }
    virtual void
    isochoric_stress_and_tangent(const dealii::Tensor<2, 3> &F,
                                 const dealii::Point<3> &    X,
                                 dealii::Tensor<2, 3> &      P,
                                 dealii::Tensor<4, 3> &      A) const
    {
      stress_and_tangent(F, X, P, A);
    }
    virtual dealii::Tensor<2, 3>
    isochoric_stress(const dealii::Tensor<2, 3> &F, const dealii::Point<3> &X) const
    {
      return stress(F, X);
    }
    virtual double
    volumetric_pressure(const double /*J*/) const
    {
      return 0.;
    }
    virtual double
    volumetric_stiffness(const double /*J*/) const
    {
      return 0.;
    }
  };

  /// Creates the law named in @p spec (validated first). Throws InputError.
  std::unique_ptr<MaterialLaw> create_material_law(const MaterialSpec &spec);
} // namespace spine::solver
