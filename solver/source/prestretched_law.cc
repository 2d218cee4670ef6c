#include <spine/solver/input_specs.h>
#include <spine/solver/prestretched_law.h>

#include <deal.II/base/symmetric_tensor.h>

#include <cmath>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    class PrestretchedLaw : public MaterialLaw
    {
    public:
      PrestretchedLaw(std::unique_ptr<MaterialLaw> inner_law, Tensor<1, 3> axis, const double stretch)
        : inner(std::move(inner_law))
      {
        if (inner->is_small_strain())
          throw InputError("a pre-stretch needs a finite-strain law (not linear-elastic)");
        if (!(stretch > 0.5 && stretch < 2.))
          throw InputError("pre-stretch " + std::to_string(stretch) + " is not allowed (0.5 < stretch < 2)");
        if (axis.norm() == 0.)
          throw InputError("the pre-stretch axis is zero");
        axis /= axis.norm();
        const double lateral = 1. / std::sqrt(stretch);
        F0 = lateral * Tensor<2, 3>(unit_symmetric_tensor<3>()) + (stretch - lateral) * outer_product(axis, axis);
      }

      Tensor<2, 3>
      stress(const Tensor<2, 3> &F) const override
      {
        return inner->stress(F * F0) * transpose(F0);
      }
      Tensor<2, 3>
      stress(const Tensor<2, 3> &F, const Point<3> &X) const override
      {
        return inner->stress(F * F0, X) * transpose(F0);
      }
      void
      stress_and_tangent(const Tensor<2, 3> &F, Tensor<2, 3> &P, Tensor<4, 3> &A) const override
      {
        Tensor<4, 3> A0;
        inner->stress_and_tangent(F * F0, P, A0);
        finish(P, A0, A);
      }
      void
      stress_and_tangent(const Tensor<2, 3> &F, const Point<3> &X, Tensor<2, 3> &P, Tensor<4, 3> &A) const override
      {
        Tensor<4, 3> A0;
        inner->stress_and_tangent(F * F0, X, P, A0);
        finish(P, A0, A);
      }
      double
      strain_energy(const Tensor<2, 3> &F) const override
      {
        return inner->strain_energy(F * F0);
      }
      double
      strain_energy(const Tensor<2, 3> &F, const Point<3> &X) const override
      {
        return inner->strain_energy(F * F0, X);
      }
      bool
      depends_on_position() const override
      {
        return inner->depends_on_position();
      }

    private:
      void
      finish(Tensor<2, 3> &P, const Tensor<4, 3> &A0, Tensor<4, 3> &A) const
      {
        P = P * transpose(F0);
        A = 0.;
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int J = 0; J < 3; ++J)
            for (unsigned int k = 0; k < 3; ++k)
              for (unsigned int L = 0; L < 3; ++L)
                for (unsigned int M = 0; M < 3; ++M)
                  for (unsigned int N = 0; N < 3; ++N)
                    A[i][J][k][L] += A0[i][M][k][N] * F0[J][M] * F0[L][N];
      }

      std::unique_ptr<MaterialLaw> inner;
      Tensor<2, 3>                 F0;
    };
  } // namespace

  std::unique_ptr<MaterialLaw>
  make_prestretched_law(std::unique_ptr<MaterialLaw> inner, const Tensor<1, 3> &axis, const double stretch)
  {
    return std::make_unique<PrestretchedLaw>(std::move(inner), axis, stretch);
  }
} // namespace spine::solver
