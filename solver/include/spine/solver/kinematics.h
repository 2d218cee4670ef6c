// Small kinematic and stress measures shared by assembly, loads and postprocessors.
#pragma once

#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/tensor.h>

#include <cmath>
#include <vector>

namespace spine::solver
{
  /// F = I + Grad u, from the reference gradients of the three displacement components
  /// (the layout deal.II's vector-valued get_function_gradients gives per point).
  inline dealii::Tensor<2, 3>
  deformation_gradient(const std::vector<dealii::Tensor<1, 3>> &displacement_gradient)
  {
    dealii::Tensor<2, 3> F;
    for (unsigned int i = 0; i < 3; ++i)
      {
        F[i] = displacement_gradient[i];
        F[i][i] += 1.;
      }
    return F;
  }

  /// F = I + H for a displacement gradient H.
  inline dealii::Tensor<2, 3>
  deformation_gradient(const dealii::Tensor<2, 3> &displacement_gradient)
  {
    dealii::Tensor<2, 3> F = displacement_gradient;
    for (unsigned int i = 0; i < 3; ++i)
      F[i][i] += 1.;
    return F;
  }

  /// Equivalent (von Mises) stress sqrt(3/2 s:s) of a Cauchy stress, s its deviator.
  inline double
  von_mises(const dealii::Tensor<2, 3> &sigma)
  {
    const dealii::Tensor<2, 3> s = sigma - dealii::trace(sigma) / 3. * dealii::unit_symmetric_tensor<3>();
    return std::sqrt(1.5 * dealii::scalar_product(s, s));
  }
} // namespace spine::solver
