#include <spine/solver/fibre_reinforced_law.h>
#include <spine/solver/input_specs.h>

#include <deal.II/base/symmetric_tensor.h>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    class FibreReinforcedLaw : public MaterialLaw
    {
    public:
      FibreReinforcedLaw(std::unique_ptr<MaterialLaw> matrix_law, Tensor<1, 3> direction, const double modulus)
        : matrix(std::move(matrix_law))
        , Ef(modulus)
      {
        if (matrix->is_small_strain())
          throw InputError("a fibre family needs a finite-strain law (not linear-elastic)");
        if (direction.norm() == 0.)
          throw InputError("the fibre direction (fax, fay, faz) is zero");
        a = direction / direction.norm();
      }

      Tensor<2, 3>
      stress(const Tensor<2, 3> &F) const override
      {
        return matrix->stress(F) + fibre_stress(F);
      }
      Tensor<2, 3>
      stress(const Tensor<2, 3> &F, const Point<3> &X) const override
      {
        return matrix->stress(F, X) + fibre_stress(F);
      }
      void
      stress_and_tangent(const Tensor<2, 3> &F, Tensor<2, 3> &P, Tensor<4, 3> &A) const override
      {
        matrix->stress_and_tangent(F, P, A);
        add_fibre(F, P, A);
      }
      void
      stress_and_tangent(const Tensor<2, 3> &F, const Point<3> &X, Tensor<2, 3> &P, Tensor<4, 3> &A) const override
      {
        matrix->stress_and_tangent(F, X, P, A);
        add_fibre(F, P, A);
      }
      double
      strain_energy(const Tensor<2, 3> &F) const override
      {
        return matrix->strain_energy(F) + fibre_energy(F);
      }
      double
      strain_energy(const Tensor<2, 3> &F, const Point<3> &X) const override
      {
        return matrix->strain_energy(F, X) + fibre_energy(F);
      }
      bool
      depends_on_position() const override
      {
        return matrix->depends_on_position();
      }

    private:
      /// I4 - 1 if the fibre is stretched, else 0 (no compression in a fibre).
      double
      fibre_strain(const Tensor<2, 3> &F) const
      {
        const Tensor<1, 3> Fa = F * a;
        return std::max(0., Fa * Fa - 1.);
      }
      double
      fibre_energy(const Tensor<2, 3> &F) const
      {
        const double e = fibre_strain(F);
        return Ef / 8. * e * e;
      }
      Tensor<2, 3>
      fibre_stress(const Tensor<2, 3> &F) const
      {
        return 0.5 * Ef * fibre_strain(F) * outer_product(F * a, a); // F S_f
      }
      void
      add_fibre(const Tensor<2, 3> &F, Tensor<2, 3> &P, Tensor<4, 3> &A) const
      {
        const double e = fibre_strain(F);
        if (e <= 0.)
          return;
        const Tensor<1, 3> Fa = F * a;
        P += 0.5 * Ef * e * outer_product(Fa, a);
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int J = 0; J < 3; ++J)
            for (unsigned int k = 0; k < 3; ++k)
              for (unsigned int L = 0; L < 3; ++L)
                A[i][J][k][L] += (i == k ? 0.5 * Ef * e * a[J] * a[L] : 0.) + Ef * Fa[i] * a[J] * Fa[k] * a[L];
      }

      std::unique_ptr<MaterialLaw> matrix;
      Tensor<1, 3>                 a;
      double                       Ef;
    };
  } // namespace

  std::unique_ptr<MaterialLaw>
  make_fibre_reinforced_law(std::unique_ptr<MaterialLaw> matrix, const Tensor<1, 3> &direction, const double modulus)
  {
    return std::make_unique<FibreReinforcedLaw>(std::move(matrix), direction, modulus);
  }
} // namespace spine::solver
