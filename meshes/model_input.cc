#include "meshes/model_input.h"

#include "meshes/input_error.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#ifndef SPINE_FE_PARAMS_DIR
#  define SPINE_FE_PARAMS_DIR "params"
#endif

namespace spine::meshes
{
namespace fs = std::filesystem;
using dealii::ParameterHandler;

std::string params_directory()
{
  if (const char *env = std::getenv("SPINE_FE_PARAMS"))
    return env;
  return SPINE_FE_PARAMS_DIR;
}

void declare_model_parameters(ParameterHandler &prm)
{
  prm.declare_entry("Output directory", "results/model", dealii::Patterns::Anything(),
                    "Folder for all outputs (written via a temporary folder, then renamed)");
  AnatomyParameters::declare(prm);
  SurgeryPlan::declare(prm);
  prm.enter_subsection("Mesh");
  prm.declare_entry("Size preset", "coarse", dealii::Patterns::Selection("coarse|default|fine"),
                    "Named element sizes: coarse (tests, CI), default, fine");
  prm.declare_entry("Global size", "0", dealii::Patterns::Double(0, 20),
                    "Element size in the vertebrae (mm); 0 takes the preset's");
  prm.declare_entry("Disc size", "0", dealii::Patterns::Double(0, 20),
                    "Element size in the disc (annulus, nucleus) and the bony endplates (mm); 0 takes "
                    "the global size");
  prm.declare_entry("Fine size", "0", dealii::Patterns::Double(0, 10),
                    "Element size at the LF, facets and tools (mm); 0 takes the preset's");
  prm.declare_entry("Local sizes", "whole regions", dealii::Patterns::Selection("corners|whole regions"),
                    "How 'Disc size' and 'Fine size' act. whole regions: held in the regions' "
                    "volumes, faces and edges (Gmsh size fields; the mesh-convergence study in "
                    "docs/status.md uses it). corners: at the corner points of their regions only, "
                    "so faces and interiors grade up to the global size (an LF at 1.25 mm gets a "
                    "mean edge of 1.6 mm; the default until 2026-12-03, docs/status.md)");
  prm.leave_subsection();
}

namespace
{
/// One line out of deal.II's multi-line exception text.
std::string condense(const std::string &what)
{
  std::string text = what;
  const auto info = text.find("Additional information:");
  if (info != std::string::npos)
    text = text.substr(info + 23);
  text = std::regex_replace(text, std::regex("[\\s]+"), " ");
  text = std::regex_replace(text, std::regex("^ | $"), "");
  text = std::regex_replace(text, std::regex(" ?-{10,}.*$"), "");
  text = std::regex_replace(text, std::regex(" ?Stacktrace:.*$"), "");
  return text;
}

std::string preset_file(const std::string &kind, const std::string &name,
                        const std::string &parameter, const std::string &file)
{
  if (name.find('/') != std::string::npos || fs::path(name).extension() == ".prm")
  {
    const fs::path p = fs::path(file).parent_path() / name;
    if (!fs::exists(p))
      throw InputError(parameter, name, "an existing .prm file", file);
    return p.string();
  }
  const fs::path dir = fs::path(params_directory()) / kind;
  const fs::path p = dir / (name + ".prm");
  if (!fs::exists(p))
  {
    std::string known;
    if (fs::exists(dir))
      for (const auto &e : fs::directory_iterator(dir))
        if (e.path().extension() == ".prm")
          known += (known.empty() ? "" : ", ") + e.path().stem().string();
    throw InputError(parameter, name, "one of: " + known + " (files in " + dir.string() + ")", file);
  }
  return p.string();
}
} // namespace

void rethrow_as_input_error(const std::function<void()> &f, const std::string &file)
{
  try
  {
    f();
  }
  catch (const InputError &)
  {
    throw;
  }
  catch (const std::exception &e)
  {
    throw InputError(condense(e.what()) + " (file " + file + ")");
  }
}

static std::string expand_includes(const std::string &file, int depth)
{
  if (depth > 20)
    throw InputError("include", file, "at most 20 nested includes (is there a cycle?)");
  std::ifstream in(file);
  if (!in)
    throw InputError("input file", file, "an existing, readable .prm file");
  std::ostringstream out;
  const std::regex include_line("^\\s*include\\s+(\\S+)\\s*(#.*)?$");
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (std::regex_match(line, m, include_line))
    {
      fs::path target = m[1].str();
      if (target.is_relative())
        target = fs::path(file).parent_path() / target;
      if (!fs::exists(target))
        throw InputError("include", m[1].str(), "an existing .prm file (relative to the including file)", file);
      out << expand_includes(target.string(), depth + 1);
    }
    else
      out << line << '\n';
  return out.str();
}

static void parse_file(ParameterHandler &prm, const std::string &file)
{
  // deal.II resolves 'include' against the working directory; resolve it against the
  // including file instead, so studies and sweep cases can include each other.
  std::istringstream text(expand_includes(file, 0));
  rethrow_as_input_error([&] { prm.parse_input(text, file, "", false); }, file);
}

void parse_with_presets(ParameterHandler &prm, const std::string &file,
                        const std::function<void(ParameterHandler &)> &declare)
{
  if (!fs::exists(file))
    throw InputError("input file", file, "an existing .prm file");
  // First pass: which presets does the file ask for?
  ParameterHandler probe;
  declare(probe);
  parse_file(probe, file);
  probe.enter_subsection("Anatomy");
  const std::string anatomy = probe.get("Preset");
  probe.leave_subsection();
  probe.enter_subsection("Surgery");
  const std::string plan = probe.get("Plan");
  probe.leave_subsection();

  declare(prm);
  const std::string anatomy_file = preset_file("anatomy", anatomy, "Anatomy/Preset", file);
  parse_file(prm, anatomy_file);
  if (plan != "none")
  {
    const std::string plan_file = preset_file("surgery", plan, "Surgery/Plan", file);
    parse_file(prm, plan_file);
  }
  parse_file(prm, file);
}

ModelInput parse_model_input(ParameterHandler &prm, const std::string &file)
{
  ModelInput in;
  in.file = file;
  in.output_directory = prm.get("Output directory");
  rethrow_as_input_error([&] { in.anatomy.parse(prm); }, file);
  in.anatomy.check_consistency();
  prm.enter_subsection("Anatomy");
  in.anatomy_preset = prm.get("Preset");
  prm.leave_subsection();
  in.plan.parse(prm, in.anatomy, file);
  prm.enter_subsection("Mesh");
  in.sizes.preset = prm.get("Size preset");
  // Presets, chosen by the mesh-convergence study in docs/ (coarse: tests and CI only).
  if (in.sizes.preset == "coarse")
    in.sizes.global = 4.0, in.sizes.fine = 2.0;
  else if (in.sizes.preset == "default")
    in.sizes.global = 3.0, in.sizes.fine = 1.25;
  else
    in.sizes.global = 2.0, in.sizes.fine = 0.8;
  if (prm.get_double("Global size") > 0)
    in.sizes.global = prm.get_double("Global size");
  in.sizes.disc = prm.get_double("Disc size") > 0 ? prm.get_double("Disc size") : in.sizes.global;
  if (prm.get_double("Fine size") > 0)
    in.sizes.fine = prm.get_double("Fine size");
  in.sizes.whole_regions = prm.get("Local sizes") == "whole regions";
  prm.leave_subsection();
  return in;
}
} // namespace spine::meshes
