#include "tissue_materials.h"

#include "meshes/anatomy_layout.h"
#include "meshes/input_error.h"

namespace spine::study
{
namespace
{
// Literature values (../shared/reference/spine-data.md §1). Layers meshed thicker than the
// tissue (meshes/anatomy_parameters.cc, [ML]) get an equivalent modulus: layers that carry
// load in their plane (cortical shell, bony endplate) keep E*t; the facet cartilage, loaded
// through its thickness, keeps E/t.
struct Default
{
  const char *tissue_class, *law, *source;
};
const Default defaults[] = {
  {"Cortical bone", "neo-Hookean(E=4800, nu=0.3)",
   "E 12000 MPa, nu 0.3, 0.4 mm shell meshed 1.0 mm: E*t kept (BMC MSK 2013;14:220 Tab.1)"},
  {"Cancellous bone", "neo-Hookean(E=100, nu=0.2)", "E 100 MPa, nu 0.2 (BMC MSK 2013;14:220)"},
  {"Bony endplate", "neo-Hookean(E=250, nu=0.2)",
   "E 1000 MPa, 0.25 mm meshed 1.0 mm: E*t kept (Int J Spine Surg; PMC11321056 Tab.1)"},
  {"Posterior elements", "neo-Hookean(E=3500, nu=0.25)", "E 3500 MPa, nu 0.25 (BMC MSK 2013;14:220)"},
  {"Facet cartilage", "neo-Hookean(E=50, nu=0.4)",
   "E 25 MPa (23.8-35), nu 0.4, 0.5 mm meshed 1.0 mm: E/t kept (PMC11321056; J Healthc Eng 2017)"},
  {"Annulus", "Mooney-Rivlin(C10=0.18, C01=0.045, K=4.35)",
   "ground substance C10 0.18, C01 0.045 MPa (Schmidt 2007); K from nu 0.45; fibres: issue 4"},
  {"Nucleus", "Mooney-Rivlin(C10=0.12, C01=0.03, K=15)",
   "C10 0.12, C01 0.03 MPa (Schmidt 2007); K = 15 MPa gives nu 0.49 (nearly incompressible)"},
  {"Ligamentum flavum", "neo-Hookean(E=15, nu=0.4, prestretch=1.03)",
   "E 15 MPa small-strain modulus (BMC MSK 2010;11:151 Tab.3); nu 0.4 assumed; in-situ pre-stretch "
   "1.03 along the ligament, i.e. ~3 % pre-strain (Remus 2021 PLoS ONE 16:e0250456; Damm 2020)"},
};
} // namespace

std::string tissue_class(int t)
{
  using namespace meshes;
  switch (t)
  {
    case l4_cortical: case l5_cortical: return "Cortical bone";
    case l4_cancellous: case l5_cancellous: return "Cancellous bone";
    case l4_endplate: case l5_endplate: return "Bony endplate";
    case l4_posterior: case l5_posterior: return "Posterior elements";
    case l4_facet_cartilage: case l5_facet_cartilage: return "Facet cartilage";
    case nucleus: return "Nucleus";
    case lf_left: case lf_right: return "Ligamentum flavum";
    default: return "Annulus";
  }
}

void TissueMaterials::declare(dealii::ParameterHandler &prm)
{
  prm.enter_subsection("Materials");
  for (const auto &d : defaults)
    prm.declare_entry(d.tissue_class, d.law, dealii::Patterns::Anything(),
                      std::string("Law and parameters (mm, N, MPa). Default: ") + d.source);
  prm.declare_entry("Nucleus fluid bulk modulus", "150", dealii::Patterns::Double(0, 1e5),
                    "MPa; > 0 makes the nucleus a fluid-filled cavity as well: one hydrostatic pressure "
                    "-K (V/V0 - 1) from the nucleus volume V, added to the solid law above (a single "
                    "volume constraint, so linear tetrahedra do not lock). 0 = solid law only. Default "
                    "150 MPa: with the solid's K 15 the nucleus has nu >= 0.499, the bound of "
                    "spine-data.md §1 (nearly incompressible; Schmidt 2007). docs/tissues.md");
  prm.leave_subsection();
}

void TissueMaterials::parse(dealii::ParameterHandler &prm, const std::string &file)
{
  prm.enter_subsection("Materials");
  for (const auto &d : defaults)
  {
    const std::string text = prm.get(d.tissue_class);
    try
    {
      by_tissue_class[d.tissue_class] = solver::parse_material_spec(text);
    }
    catch (const std::exception &e)
    {
      prm.leave_subsection();
      throw InputError(std::string("invalid value '") + text + "' for parameter 'Materials/" + d.tissue_class +
                       "': " + e.what() + " in " + file);
    }
  }
  nucleus_fluid_bulk_modulus = prm.get_double("Nucleus fluid bulk modulus");
  prm.leave_subsection();
}

std::map<dealii::types::material_id, solver::MaterialSpec>
TissueMaterials::material_map(const std::map<int, int> &tissue_of_region, const meshes::AnatomyLayout &layout) const
{
  const meshes::Vec3 centre = layout.mid_segment.to_global({0, layout.disc_centre_y, 0});
  const meshes::Vec3 axis = layout.mid_segment.e[2];
  std::map<dealii::types::material_id, solver::MaterialSpec> out;
  for (const auto &[region, tissue] : tissue_of_region)
  {
    auto spec = by_tissue_class.at(tissue_class(tissue));
    if (spec.law == "Holzapfel-Gasser-Ogden" && tissue >= meshes::annulus_first_lamella)
    {
      // The disc's own cylinder frame, unless the user gave a fibre-field file.
      const char *c[] = {"cx", "cy", "cz"}, *a[] = {"ax", "ay", "az"};
      for (int d = 0; d < 3 && !spec.files.count("field"); ++d)
      {
        spec.parameters[c[d]] = centre[d];
        spec.parameters[a[d]] = axis[d];
      }
      const bool single_family = spec.parameters.count("families") && spec.parameters.at("families") == 1.;
      if (single_family && (tissue - meshes::annulus_first_lamella) % 2 == 1)
        spec.parameters["angle"] = -spec.parameters.at("angle");
    }
    if (tissue == meshes::lf_left || tissue == meshes::lf_right)
    {
      // In-situ tension and the fibres run along the LF, from the L5 to the L4 lamina.
      const auto &axis_lf = layout.flavum[tissue == meshes::lf_left ? 0 : 1].frame.e[2];
      for (const auto &[key, prefix] : {std::pair{"prestretch", "pa"}, std::pair{"Ef", "fa"}})
        if (spec.parameters.count(key))
          for (int d = 0; d < 3; ++d)
            spec.parameters[std::string(prefix) + "xyz"[d]] = axis_lf[d];
    }
    out[region] = spec;
  }
  return out;
}
} // namespace spine::study
