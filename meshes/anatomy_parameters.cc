#include "meshes/anatomy_parameters.h"

#include "meshes/input_error.h"

#include <cmath>

namespace spine::meshes
{
using dealii::ParameterHandler;
using dealii::Patterns::Double;
using dealii::Patterns::Integer;

namespace
{
void declare_length(ParameterHandler &prm, const std::string &name, double value, double lo,
                    double hi, const std::string &doc)
{
  prm.declare_entry(name, InputError::number(value), Double(lo, hi), doc);
}
} // namespace

// Sources (see ../shared/reference/spine-data.md §2):
//  [CB21] Cook & Baker, Int J Spine Surg 2021;15:1072 (CT, 196 patients, L5)
//  [W24]  Wang 2024 World Neurosurg; [X99] Xu 1999 Spine (lamina)
//  [P93]  Panjabi 1993 via Patel 2007 (facet dimensions)
//  [JPR22] J Pain Res 2022, 10.2147/JPR.S374720 (facet angle)
//  [MRI]  L4-L5 MRI disc-height cohorts cited in spine-data.md
//  [C10]  Chokshi 2010 AJNR; Khasawneh 2023; Yoshiiwa 2016 (LF thickness)
//  [ML]   minimum meshable layer: a thinner tissue is meshed at this thickness with E scaled
//         so that E*t is kept (docs/anatomy.md)
//  [A]    modelling assumption: no value in the reference table; chosen to give a connected,
//         plausible segment and documented in docs/anatomy.md
VertebraParameters VertebraParameters::l5_defaults()
{
  VertebraParameters v;
  v.body_width = 48.0;          // [A] mediolateral endplate width
  v.body_depth = 35.5;          // [CB21] 35.7/35.3 mm superior/inferior endplate depth
  v.body_height = 28.3;         // [CB21] mean of 30.3 anterior / 26.3 posterior height
  v.cortical_thickness = 1.0;   // [ML] real shell ~0.4 mm (spine-data §1)
  v.endplate_thickness = 1.0;   // [ML] real bony endplate ~0.25 mm (spine-data §1)
  v.pedicle_height = 12.9;      // [CB21]
  v.pedicle_width = 16.1;       // [CB21]
  v.pedicle_length = 10.0;      // [A] posterior body wall to the lamina junction
  v.canal_width = 28.2;         // [CB21] bony canal width (interpedicular)
  v.canal_depth = 15.6;         // [CB21] bony canal AP depth at the midline
  v.lamina_height = 22.0;       // [W24] 21-24 mm
  v.lamina_thickness = 6.0;     // [X99] ~6 mm
  v.lamina_inclination_deg = 15.0; // [A] inferior edge more dorsal than the superior edge
  v.spinous_length = 25.0;      // [A]
  v.spinous_height = 16.0;      // [A]
  v.spinous_thickness = 7.0;    // [A]
  v.transverse_length = 18.0;   // [A]
  v.transverse_height = 8.0;    // [A]
  v.transverse_thickness = 6.0; // [A]
  return v;
}

VertebraParameters VertebraParameters::l4_defaults()
{
  // No L4-specific values in the reference table: the L5 values [CB21] are used for L4.
  return l5_defaults();
}

void VertebraParameters::declare(ParameterHandler &prm, const VertebraParameters &d)
{
  declare_length(prm, "Body width", d.body_width, 30, 70, "Mediolateral width of the body (mm)");
  declare_length(prm, "Body depth", d.body_depth, 20, 60, "Anteroposterior depth of the body (mm)");
  declare_length(prm, "Body height", d.body_height, 15, 40, "Cranio-caudal height of the body (mm)");
  declare_length(prm, "Cortical shell thickness", d.cortical_thickness, 0.2, 3,
                 "Meshed cortical shell thickness (mm); stiffness is scaled to keep E*t");
  declare_length(prm, "Endplate thickness", d.endplate_thickness, 0.2, 3,
                 "Meshed bony endplate thickness (mm); stiffness is scaled to keep E*t");
  declare_length(prm, "Pedicle height", d.pedicle_height, 5, 25, "Pedicle height (mm)");
  declare_length(prm, "Pedicle width", d.pedicle_width, 4, 25, "Pedicle mediolateral width (mm)");
  declare_length(prm, "Pedicle length", d.pedicle_length, 3, 30,
                 "Posterior body wall to the pedicle-lamina junction (mm)");
  declare_length(prm, "Canal width", d.canal_width, 10, 40, "Interpedicular canal width (mm)");
  declare_length(prm, "Canal depth", d.canal_depth, 5, 30,
                 "Midline AP depth from the posterior body wall to the ventral lamina (mm)");
  declare_length(prm, "Lamina height", d.lamina_height, 8, 40, "Cranio-caudal lamina height (mm)");
  declare_length(prm, "Lamina thickness", d.lamina_thickness, 2, 15, "Lamina thickness (mm)");
  declare_length(prm, "Lamina inclination", d.lamina_inclination_deg, -30, 45,
                 "Sagittal tilt of the lamina, inferior edge dorsal (degrees)");
  declare_length(prm, "Spinous process length", d.spinous_length, 5, 50, "(mm)");
  declare_length(prm, "Spinous process height", d.spinous_height, 5, 35, "(mm)");
  declare_length(prm, "Spinous process thickness", d.spinous_thickness, 2, 20, "(mm)");
  declare_length(prm, "Transverse process length", d.transverse_length, 2, 40, "(mm)");
  declare_length(prm, "Transverse process height", d.transverse_height, 3, 20, "(mm)");
  declare_length(prm, "Transverse process thickness", d.transverse_thickness, 2, 15, "(mm)");
}

void VertebraParameters::parse(ParameterHandler &prm)
{
  body_width = prm.get_double("Body width");
  body_depth = prm.get_double("Body depth");
  body_height = prm.get_double("Body height");
  cortical_thickness = prm.get_double("Cortical shell thickness");
  endplate_thickness = prm.get_double("Endplate thickness");
  pedicle_height = prm.get_double("Pedicle height");
  pedicle_width = prm.get_double("Pedicle width");
  pedicle_length = prm.get_double("Pedicle length");
  canal_width = prm.get_double("Canal width");
  canal_depth = prm.get_double("Canal depth");
  lamina_height = prm.get_double("Lamina height");
  lamina_thickness = prm.get_double("Lamina thickness");
  lamina_inclination_deg = prm.get_double("Lamina inclination");
  spinous_length = prm.get_double("Spinous process length");
  spinous_height = prm.get_double("Spinous process height");
  spinous_thickness = prm.get_double("Spinous process thickness");
  transverse_length = prm.get_double("Transverse process length");
  transverse_height = prm.get_double("Transverse process height");
  transverse_thickness = prm.get_double("Transverse process thickness");
}

void DiscParameters::declare(ParameterHandler &prm)
{
  declare_length(prm, "Anterior height", 12.0, 3, 25, "L4-L5 disc anterior height (mm) [MRI 10.9-12]");
  declare_length(prm, "Posterior height", 8.1, 3, 25, "L4-L5 disc posterior height (mm) [MRI 8.1]");
  declare_length(prm, "Depth", 33.1, 20, 60, "Disc AP length (mm) [MRI 33.1 +- 2.4]");
  declare_length(prm, "Width", 45.0, 20, 70, "Disc mediolateral width (mm) [A]");
  declare_length(prm, "Posterior bulge", 1.0, 0, 6,
                 "How far the disc's posterior wall lies behind the body's posterior wall (mm) [A]");
  declare_length(prm, "Posterior clearance", 1.0, 0, 5,
                 "Gap kept between the disc and the posterior elements and LF (mm); the foramen "
                 "and lateral recess lie between them. 0: where they touch they are bonded [A]");
  declare_length(prm, "Nucleus fraction", 0.5, 0.2, 0.8,
                 "Nucleus semi-axes as a fraction of the disc semi-axes [A]");
  prm.declare_entry("Annulus lamellae", "4", Integer(1, 9),
                    "Number of annulus lamellae (fibre direction alternates between them)");
}

void DiscParameters::parse(ParameterHandler &prm)
{
  anterior_height = prm.get_double("Anterior height");
  posterior_height = prm.get_double("Posterior height");
  depth = prm.get_double("Depth");
  width = prm.get_double("Width");
  posterior_bulge = prm.get_double("Posterior bulge");
  posterior_clearance = prm.get_double("Posterior clearance");
  nucleus_fraction = prm.get_double("Nucleus fraction");
  n_lamellae = prm.get_integer("Annulus lamellae");
}

double DiscParameters::wedge_angle() const
{
  return std::atan((anterior_height - posterior_height) / depth);
}

void FacetParameters::declare(ParameterHandler &prm)
{
  declare_length(prm, "Angle to sagittal plane", 45, 10, 80, "Facet joint plane angle (degrees) [JPR22]");
  declare_length(prm, "L4 inferior facet width", 14.7, 5, 30, "(mm) [P93]");
  declare_length(prm, "L4 inferior facet height", 16.2, 5, 30, "(mm) [P93]");
  declare_length(prm, "L5 superior facet width", 15.6, 5, 30, "(mm) [P93]");
  declare_length(prm, "L5 superior facet height", 18.4, 5, 30, "(mm) [P93]");
  declare_length(prm, "Articular process thickness", 6, 2, 15, "Bone behind each facet (mm) [A]");
  declare_length(prm, "Cartilage thickness", 1.0, 0.2, 3,
                 "Meshed cartilage layer on each facet (mm) [ML; real 0.2-0.5 mm]");
  declare_length(prm, "Gap", 0.5, 0.1, 3, "Initial facet gap (mm) [Sharma 1998; Remus 2021]");
  declare_length(prm, "Lateral shift", 0, -10, 10,
                 "Joint centre offset from the L5 pedicle axis, laterally (mm) [A]");
  declare_length(prm, "Posterior shift", 2, -10, 10,
                 "Joint centre offset behind the L5 pedicle-lamina junction (mm) [A]");
  declare_length(prm, "Centre height", 6, -10, 20,
                 "Joint centre height above the posterior L5 superior endplate (mm) [A]");
  declare_length(prm, "LF clearance", 0, 0, 5,
                 "LF removed where it lies within this distance of both the L4 and the L5 "
                 "arch (mm): beside the L4 inferior articular process the capsule's inferior "
                 "recess holds fat, not LF. 0: the LF fills the space and, bonded to both "
                 "arches, acts as a stiff posterior hinge (docs/tissues.md) [A]");
}

void FacetParameters::parse(ParameterHandler &prm)
{
  angle_to_sagittal_deg = prm.get_double("Angle to sagittal plane");
  l4_inferior_width = prm.get_double("L4 inferior facet width");
  l4_inferior_height = prm.get_double("L4 inferior facet height");
  l5_superior_width = prm.get_double("L5 superior facet width");
  l5_superior_height = prm.get_double("L5 superior facet height");
  process_thickness = prm.get_double("Articular process thickness");
  cartilage_thickness = prm.get_double("Cartilage thickness");
  gap = prm.get_double("Gap");
  lateral_shift = prm.get_double("Lateral shift");
  posterior_shift = prm.get_double("Posterior shift");
  centre_height = prm.get_double("Centre height");
  lf_clearance = prm.get_double("LF clearance");
}

void LigamentumFlavumParameters::declare(ParameterHandler &prm)
{
  declare_length(prm, "Thickness", 3.4, 1, 12,
                 "LF thickness in the interlaminar window (mm) [C10: normal 3.1-3.7, "
                 "hypertrophied 4.2-5.3, up to ~9]");
  declare_length(prm, "Cranial attachment", 10, 2, 25,
                 "Length of ventral L4 lamina covered by the LF (mm) [A]");
}

void LigamentumFlavumParameters::parse(ParameterHandler &prm)
{
  thickness = prm.get_double("Thickness");
  cranial_attachment = prm.get_double("Cranial attachment");
}

void AnatomyParameters::declare(ParameterHandler &prm)
{
  prm.enter_subsection("Anatomy");
  prm.declare_entry("Preset", "normal", dealii::Patterns::Anything(),
                    "Anatomy preset: a file params/anatomy/<name>.prm read before this file's "
                    "own Anatomy values (normal, stenotic)");
  prm.enter_subsection("L4");
  VertebraParameters::declare(prm, VertebraParameters::l4_defaults());
  prm.leave_subsection();
  prm.enter_subsection("L5");
  VertebraParameters::declare(prm, VertebraParameters::l5_defaults());
  prm.leave_subsection();
  prm.enter_subsection("Disc");
  DiscParameters::declare(prm);
  prm.leave_subsection();
  prm.enter_subsection("Facet joints");
  FacetParameters::declare(prm);
  prm.leave_subsection();
  prm.enter_subsection("Ligamentum flavum");
  LigamentumFlavumParameters::declare(prm);
  prm.leave_subsection();
  prm.leave_subsection();
}

void AnatomyParameters::parse(ParameterHandler &prm)
{
  prm.enter_subsection("Anatomy");
  prm.enter_subsection("L4");
  l4.parse(prm);
  prm.leave_subsection();
  prm.enter_subsection("L5");
  l5.parse(prm);
  prm.leave_subsection();
  prm.enter_subsection("Disc");
  disc.parse(prm);
  prm.leave_subsection();
  prm.enter_subsection("Facet joints");
  facets.parse(prm);
  prm.leave_subsection();
  prm.enter_subsection("Ligamentum flavum");
  lf.parse(prm);
  prm.leave_subsection();
  prm.leave_subsection();
}

void AnatomyParameters::check_consistency() const
{
  for (const auto *v : {&l4, &l5})
  {
    const std::string level = (v == &l4 ? "L4" : "L5");
    const std::string sec = "Anatomy/" + level + "/";
    if (v->canal_width + 2 * v->pedicle_width > v->body_width + 20)
      throw InputError(sec + "Canal width", InputError::number(v->canal_width),
                       "canal width + 2 pedicle widths at most body width + 20 mm");
    if (2 * (v->cortical_thickness + v->endplate_thickness) > 0.5 * v->body_height)
      throw InputError(sec + "Endplate thickness", InputError::number(v->endplate_thickness),
                       "cortical + endplate layers at most a quarter of the body height");
  }
  if (disc.width > std::min(l4.body_width, l5.body_width))
    throw InputError("Anatomy/Disc/Width", InputError::number(disc.width),
                     "at most the vertebral body width (" +
                       InputError::number(std::min(l4.body_width, l5.body_width)) + " mm)");
  if (disc.depth > std::min(l4.body_depth, l5.body_depth) + disc.posterior_bulge)
    throw InputError("Anatomy/Disc/Depth", InputError::number(disc.depth),
                     "at most the body depth plus the posterior bulge");
  if (disc.anterior_height < disc.posterior_height)
    throw InputError("Anatomy/Disc/Anterior height", InputError::number(disc.anterior_height),
                     ">= posterior height (" + InputError::number(disc.posterior_height) +
                       " mm): the L4-L5 disc is lordotic");
}
} // namespace spine::meshes
