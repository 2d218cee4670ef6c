#include "ligament_set.h"

#include "meshes/input_error.h"

#include <algorithm>
#include <sstream>

namespace spine::study
{
namespace
{
// ../shared/reference/spine-data.md §1 (BMC Musculoskelet Disord 2010;11:151 Tab.3;
// 2013;14:220 Tab.1; J Orthop Surg Res 2021 s13018-021-02237-4 Tab.1): bilinear moduli,
// transition strain, mid-range cross-section. CL and ITL areas are per side.
struct Default
{
  const char *name, *value, *source;
};
const Default defaults[] = {
  {"ALL", "E toe=7.8, E linear=20, transition=0.12, area=58, prestrain=0", "7.8/20 MPa, 12 %, CSA 53-63.7 mm²"},
  {"PLL", "E toe=10, E linear=20, transition=0.11, area=18, prestrain=0", "10/20-50 MPa, 11 %, CSA 16-20 mm²"},
  {"ISL", "E toe=10, E linear=11.6, transition=0.14, area=33, prestrain=0", "10/11.6 MPa, 14 %, CSA 26-40 mm²"},
  {"SSL", "E toe=8, E linear=15, transition=0.20, area=26.5, prestrain=0", "8/15 MPa, 20 %, CSA 23-30 mm²"},
  {"ITL", "E toe=10, E linear=59, transition=0.18, area=5.4, prestrain=0",
   "10/59 MPa, 18 %, CSA 1.8-3.6 mm² per side (area here: both sides)"},
  {"CL", "E toe=7.5, E linear=33, transition=0.25, area=90, prestrain=0",
   "7.5/33 MPa, 25 %, CSA 30-60 mm² per joint (area here: both joints)"},
};

solver::LigamentLaw parse_law(const std::string &name, const std::string &text, const std::string &file)
{
  const std::string parameter = "Ligaments/" + name;
  const std::string allowed = "'E toe=<MPa>, E linear=<MPa>, transition=<strain>, area=<mm²>, prestrain=<strain>' "
                              "with moduli and area > 0, 0 <= transition < 1, -0.5 < prestrain < 0.5";
  std::map<std::string, double> v;
  for (const auto &item : dealii::Utilities::split_string_list(text, ','))
  {
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw InputError(parameter, text, allowed, file);
    const std::string key = dealii::Utilities::trim(item.substr(0, eq));
    std::istringstream in(item.substr(eq + 1));
    double x = 0;
    if (!(in >> x) || !(in >> std::ws).eof())
      throw InputError(parameter, text, allowed, file);
    v[key] = x;
  }
  for (const char *key : {"E toe", "E linear", "transition", "area", "prestrain"})
    if (!v.count(key))
      throw InputError(parameter, text, allowed + " (missing '" + key + "')", file);
  if (v.size() != 5)
    throw InputError(parameter, text, allowed + " (unknown key)", file);
  solver::LigamentLaw law;
  law.E_toe = v["E toe"];
  law.E_linear = v["E linear"];
  law.transition_strain = v["transition"];
  law.area = v["area"];
  law.prestrain = v["prestrain"];
  if (!(law.E_toe > 0) || !(law.E_linear > 0) || !(law.area > 0) || law.transition_strain < 0 ||
      law.transition_strain >= 1 || std::abs(law.prestrain) >= 0.5)
    throw InputError(parameter, text, allowed, file);
  return law;
}
} // namespace

void LigamentSet::declare(dealii::ParameterHandler &prm)
{
  prm.enter_subsection("Ligaments");
  prm.declare_entry("Enabled", "true", dealii::Patterns::Bool(),
                    "Tension-only fibres for ALL, PLL, ISL, SSL, ITL and the capsules (the ligamentum "
                    "flavum is a volumetric body, see Materials)");
  prm.declare_entry("Snap tolerance", "5", dealii::Patterns::Double(0.1, 50),
                    "Largest distance (mm) from an attachment site to the bone node its fibre end snaps to");
  for (const auto &d : defaults)
    prm.declare_entry(d.name, d.value, dealii::Patterns::Anything(),
                      std::string("Bilinear force-strain law; area is split evenly over the fibres. Default: ") +
                        d.source + " (spine-data.md §1)");
  prm.leave_subsection();
}

void LigamentSet::parse(dealii::ParameterHandler &prm, const std::string &file)
{
  prm.enter_subsection("Ligaments");
  enabled = prm.get_bool("Enabled");
  snap_tolerance_mm = prm.get_double("Snap tolerance");
  std::map<std::string, std::string> text;
  for (const auto &d : defaults)
    text[d.name] = prm.get(d.name);
  prm.leave_subsection();
  laws.clear();
  for (const auto &[name, t] : text)
    laws[name] = parse_law(name, t, file);
}

std::vector<solver::FibreSpec> LigamentSet::fibres(const std::vector<meshes::LigamentFibre> &sites,
                                                   const meshes::SurgicalTool *tool,
                                                   const std::vector<std::string> &cut,
                                                   const std::set<dealii::types::material_id> &l4_regions,
                                                   const std::set<dealii::types::material_id> &l5_regions) const
{
  std::map<std::string, unsigned int> count;
  for (const auto &s : sites)
    ++count[s.ligament];
  std::vector<solver::FibreSpec> out;
  if (!enabled)
    return out;
  for (const auto &s : sites)
  {
    if (tool && (tool->contains(s.l4_point) || tool->contains(s.l5_point)))
      continue;
    if (std::find(cut.begin(), cut.end(), s.ligament) != cut.end())
      continue;
    solver::FibreSpec f;
    f.ligament = s.ligament;
    f.name = s.name;
    f.end_a = dealii::Point<3>(s.l4_point[0], s.l4_point[1], s.l4_point[2]);
    f.end_b = dealii::Point<3>(s.l5_point[0], s.l5_point[1], s.l5_point[2]);
    f.materials_a = l4_regions;
    f.materials_b = l5_regions;
    f.law = laws.at(s.ligament);
    f.law.area /= count.at(s.ligament);
    out.push_back(f);
  }
  return out;
}
} // namespace spine::study
