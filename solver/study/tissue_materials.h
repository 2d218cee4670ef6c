// Constitutive law per tissue (subsection "Materials"), mapped onto the mesh regions.
#pragma once
#include "meshes/anatomy_layout.h"
#include "meshes/segment_model.h"

#include <spine/solver/input_specs.h>

#include <deal.II/base/parameter_handler.h>

#include <map>
#include <string>

namespace spine::study
{
struct TissueMaterials
{
  std::map<std::string, solver::MaterialSpec> by_tissue_class; ///< "cortical bone" -> law
  /// Bulk modulus (MPa) of the fluid filling the nucleus (solver::FluidCavity); 0 = none.
  double nucleus_fluid_bulk_modulus = 0.;

  static void declare(dealii::ParameterHandler &prm);
  void parse(dealii::ParameterHandler &prm, const std::string &file);

  /// Law of every region of the model (region id -> law), by the region's tissue. A
  /// fibre-reinforced annulus gets its cylindrical fibre frame from the disc (centre, axis)
  /// and, with one family per lamella, the fibre angle alternating in sign by lamella.
  std::map<dealii::types::material_id, solver::MaterialSpec>
  material_map(const std::map<int, int> &tissue_of_region, const meshes::AnatomyLayout &layout) const;
};

/// The tissue class ("cortical bone", "annulus", ...) of a tissue id.
std::string tissue_class(int tissue);
} // namespace spine::study
