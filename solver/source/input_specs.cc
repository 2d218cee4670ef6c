// Parsing and validation of material and boundary-condition strings.
#include <spine/solver/input_specs.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>

namespace spine::solver
{
  namespace
  {
    constexpr double infinity = std::numeric_limits<double>::infinity();

    struct KeyRule
    {
      std::string name;
      double      lower;           // allowed range (lower, upper) or [lower, upper)
      bool        lower_inclusive; // true: value >= lower allowed
      double      upper;           // exclusive
      std::string range_text;
      bool        required      = true;
      double      default_value = 0.;
    };

    struct LawRule
    {
      std::string          name;
      std::vector<KeyRule> keys; // all required
    };

    const std::vector<LawRule> &
    law_rules()
    {
      static const KeyRule young{"E", 0., false, infinity, "E > 0"};
      static const KeyRule poisson{"nu", -1., false, 0.5, "-1 < nu < 0.5"};
      static const KeyRule bulk{"K", 0., false, infinity, "K > 0"};
      static const std::vector<LawRule> rules = {
        {"linear-elastic", {young, poisson}},
        {"neo-Hookean", {young, poisson}},
        {"Mooney-Rivlin",
         {{"C10", 0., false, infinity, "C10 > 0"},
          {"C01", 0., true, infinity, "C01 >= 0"},
          bulk}},
        {"Holzapfel-Gasser-Ogden",
         {{"C10", 0., false, infinity, "C10 > 0"},
          bulk,
          {"k1", 0., true, infinity, "k1 >= 0"},
          {"k2", 0., false, infinity, "k2 > 0"},
          {"kappa", 0., true, 1. / 3. + 1e-12, "0 <= kappa <= 1/3"},
          {"angle", -90., true, 90. + 1e-12, "-90 <= angle <= 90 (degrees)"},
          {"families", 1., true, 2. + 1e-12, "1 (a+ only) or 2 (a+ and a-)", false, 2.},
          // Cylindrical fibre frame: axis through (cx,cy,cz) along (ax,ay,az).
          {"cx", -infinity, false, infinity, "any", false, 0.},
          {"cy", -infinity, false, infinity, "any", false, 0.},
          {"cz", -infinity, false, infinity, "any", false, 0.},
          {"ax", -infinity, false, infinity, "any", false, 0.},
          {"ay", -infinity, false, infinity, "any", false, 0.},
          {"az", -infinity, false, infinity, "any", false, 1.}}}};

      return rules;
    }

    std::string
    trim(const std::string &s)
    {
      const auto first = s.find_first_not_of(" \t\n\r");
      if (first == std::string::npos)
        return "";
      const auto last = s.find_last_not_of(" \t\n\r");
      return s.substr(first, last - first + 1);
    }

    std::string
    lowercase(std::string s)
    {
      std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
      });
      return s;
    }

    std::vector<std::string>
    split(const std::string &s, const char separator)
    {
      std::vector<std::string> pieces;
      std::string              current;
      for (const char c : s)
        if (c == separator)
          {
            pieces.push_back(trim(current));
            current.clear();
          }
        else
          current += c;
      pieces.push_back(trim(current));
      return pieces;
    }

    double
    parse_number(const std::string &text, const std::string &context)
    {
      const std::string t = trim(text);
      try
        {
          std::size_t consumed = 0;
          const double value   = std::stod(t, &consumed);
          if (consumed == t.size() && std::isfinite(value))
            return value;
        }
      catch (...)
        {
        }
      throw InputError("'" + t + "' is not a number in '" + context + "'");
    }

    /// Splits "name(args)" into name and args; args empty when there are no parentheses.
    std::pair<std::string, std::string>
    split_call(const std::string &text)
    {
      const std::string t     = trim(text);
      const auto        open  = t.find('(');
      if (open == std::string::npos)
        return {t, ""};
      const auto close = t.rfind(')');
      if (close == std::string::npos || close < open || trim(t.substr(close + 1)) != "")
        throw InputError("unbalanced parentheses in '" + t + "'");
      return {trim(t.substr(0, open)), trim(t.substr(open + 1, close - open - 1))};
    }

    /// Splits "12: something" into the id and "something".
    std::pair<unsigned int, std::string>
    split_id(const std::string &text, const std::string &what)
    {
      const auto colon = text.find(':');
      if (colon == std::string::npos)
        throw InputError("expected '<" + what + ">: ...' but got '" + text + "'");
      const std::string id_text = trim(text.substr(0, colon));
      const double      id      = parse_number(id_text, text);
      if (id < 0 || id != std::floor(id) || id > 254)
        throw InputError(what + " '" + id_text + "' in '" + text +
                         "' must be an integer in [0, 254]");
      return {static_cast<unsigned int>(id), trim(text.substr(colon + 1))};
    }
  } // namespace

  std::vector<std::string>
  known_material_laws()
  {
    std::vector<std::string> names;
    for (const auto &rule : law_rules())
      names.push_back(rule.name);
    return names;
  }

  void
  validate_material_spec(const MaterialSpec &spec)
  {
    const auto rule = std::find_if(law_rules().begin(),
                                   law_rules().end(),
                                   [&](const LawRule &r) { return r.name == spec.law; });
    if (rule == law_rules().end())
      {
        std::string allowed;
        for (const auto &name : known_material_laws())
          allowed += (allowed.empty() ? "" : ", ") + name;
        throw InputError("unknown material law '" + spec.law + "' (allowed: " + allowed + ")");
      }
    // A fibre-field file replaces the annulus law's parametric cylinder frame.
    if (spec.files.count("field"))
      {
        if (spec.law != "Holzapfel-Gasser-Ogden")
          throw InputError("law " + spec.law + ": key 'field' (fibre field file) is only for Holzapfel-Gasser-Ogden");
        for (const char *key : {"cx", "cy", "cz", "ax", "ay", "az"})
          if (spec.parameters.count(key))
            throw InputError("law " + spec.law + ": '" + key +
                             "' cannot be combined with 'field' (the file gives the fibre frame at each point)");
      }
    // Any finite-strain law may carry an in-situ pre-stretch along (pax, pay, paz).
    if (spec.parameters.count("prestretch"))
      {
        const double s = spec.parameters.at("prestretch");
        if (!(s > 0.5 && s < 2.))
          throw InputError("law " + spec.law + ": prestretch = " + std::to_string(s) +
                           " is out of range (allowed: 0.5 < prestretch < 2)");
      }
    // ... and a tension-only fibre family of modulus Ef along (fax, fay, faz).
    if (spec.parameters.count("Ef") && !(spec.parameters.at("Ef") >= 0. && spec.parameters.at("Ef") <= 1e5))
      throw InputError("law " + spec.law + ": Ef = " + std::to_string(spec.parameters.at("Ef")) +
                       " is out of range (allowed: 0 <= Ef <= 1e5 MPa)");
    for (const auto &[key, value] : spec.parameters)
      if (key != "prestretch" && key != "pax" && key != "pay" && key != "paz" && key != "Ef" && key != "fax" &&
          key != "fay" && key != "faz" &&
          std::none_of(rule->keys.begin(), rule->keys.end(), [&](const KeyRule &k) {
            return k.name == key;
          }))
        {
          std::string allowed;
          for (const auto &k : rule->keys)
            allowed += (allowed.empty() ? "" : ", ") + k.name;
          throw InputError("unknown key '" + key + "' for law " + spec.law +
                           " (allowed keys: " + allowed + ")");
        }
    for (const auto &k : rule->keys)
      {
        const auto it = spec.parameters.find(k.name);
        if (it == spec.parameters.end())
          {
            if (!k.required)
              continue;
            throw InputError("law " + spec.law + " is missing key '" + k.name +
                             "' (required: " + k.range_text + ")");
          }
        const double v        = it->second;
        const bool   above_lo = k.lower_inclusive ? v >= k.lower : v > k.lower;
        if (!above_lo || !(v < k.upper))
          {
            std::ostringstream message;
            message << "law " << spec.law << ": " << k.name << " = " << v
                    << " is out of range (allowed: " << k.range_text << ")";
            throw InputError(message.str());
          }
      }
  }

  MaterialSpec
  parse_material_spec(const std::string &text)
  {
    const auto [raw_name, arguments] = split_call(text);
    MaterialSpec spec;
    // Accept case-insensitive law names and common spellings.
    const std::string key = lowercase(raw_name);
    spec.law              = raw_name;
    for (const auto &name : known_material_laws())
      if (lowercase(name) == key)
        spec.law = name;
    if (key == "linear elastic" || key == "linear_elastic" || key == "linearelastic")
      spec.law = "linear-elastic";
    if (key == "neohookean" || key == "neo_hookean" || key == "neo hookean")
      spec.law = "neo-Hookean";
    if (key == "mooneyrivlin" || key == "mooney_rivlin")
      spec.law = "Mooney-Rivlin";
    if (key == "goh" || key == "hgo")
      spec.law = "Holzapfel-Gasser-Ogden";

    if (!arguments.empty())
      for (const auto &assignment : split(arguments, ','))
        {
          const auto equal = assignment.find('=');
          if (equal == std::string::npos)
            throw InputError("expected 'key=value' but got '" + assignment + "' in '" +
                             trim(text) + "'");
          const std::string name = trim(assignment.substr(0, equal));
          if (spec.parameters.count(name))
            throw InputError("key '" + name + "' given twice in '" + trim(text) + "'");
          if (name == "field")
            {
              // A file name (no commas, parentheses or '=' inside a spec).
              const std::string file = trim(assignment.substr(equal + 1));
              if (file.empty())
                throw InputError("key 'field' needs a file name in '" + trim(text) + "'");
              if (spec.files.count(name))
                throw InputError("key '" + name + "' given twice in '" + trim(text) + "'");
              spec.files[name] = file;
              continue;
            }
          spec.parameters[name] = parse_number(assignment.substr(equal + 1), text);
        }
    validate_material_spec(spec);
    return spec;
  }

  std::map<dealii::types::material_id, MaterialSpec>
  parse_material_map(const std::string &text)
  {
    std::map<dealii::types::material_id, MaterialSpec> materials;
    for (const auto &entry : split(text, ';'))
      {
        if (entry.empty())
          continue;
        const auto [id, law_text] = split_id(entry, "material id");
        if (materials.count(id))
          throw InputError("material id " + std::to_string(id) + " is given twice");
        try
          {
            materials[id] = parse_material_spec(law_text);
          }
        catch (const InputError &e)
          {
            throw InputError("material id " + std::to_string(id) + ": " + e.what());
          }
      }
    return materials;
  }

  void
  check_material_coverage(
    const std::map<dealii::types::material_id, MaterialSpec> &materials,
    const std::set<dealii::types::material_id> &              mesh_ids)
  {
    for (const auto id : mesh_ids)
      if (materials.count(id) == 0)
        {
          std::string defined;
          for (const auto &m : materials)
            defined += (defined.empty() ? "" : ", ") + std::to_string(m.first);
          throw InputError("the mesh has a region with material id " + std::to_string(id) +
                           " but no law is assigned to it (ids with a law: " +
                           (defined.empty() ? "none" : defined) + ")");
        }
  }

  std::string
  to_string(const BoundaryKind kind)
  {
    switch (kind)
      {
        case BoundaryKind::fixed:
          return "fixed";
        case BoundaryKind::displacement:
          return "displacement";
        case BoundaryKind::traction:
          return "traction";
        case BoundaryKind::pressure:
          return "pressure";
        case BoundaryKind::moment:
          return "moment";
        case BoundaryKind::follower_force:
          return "follower_force";
      }
    return "?";
  }

  BoundaryConditionSpec
  parse_boundary_condition(const std::string &text)
  {
    const auto [id, call]       = split_id(trim(text), "boundary id");
    const auto [name, arguments] = split_call(call);
    BoundaryConditionSpec bc;
    bc.boundary_id               = static_cast<dealii::types::boundary_id>(id);
    const std::string kind       = lowercase(name);
    const auto        args       = arguments.empty() ? std::vector<std::string>() :
                                                       split(arguments, ',');
    const auto component_index = [&](const std::string &c) -> unsigned int {
      const std::string l = lowercase(trim(c));
      if (l == "x")
        return 0;
      if (l == "y")
        return 1;
      if (l == "z")
        return 2;
      throw InputError("unknown component '" + c + "' in '" + trim(text) +
                       "' (allowed: x, y, z)");
    };
    const auto three_numbers = [&]() {
      if (args.size() != 3)
        throw InputError("'" + trim(text) + "' needs three numbers, e.g. " + name +
                         "(0, 0, 1)");
      dealii::Tensor<1, 3> v;
      for (unsigned int d = 0; d < 3; ++d)
        v[d] = parse_number(args[d], text);
      return v;
    };

    if (kind == "fixed")
      {
        bc.kind = BoundaryKind::fixed;
        if (!args.empty())
          {
            bc.components = {{false, false, false}};
            for (const auto &c : args)
              bc.components[component_index(c)] = true;
          }
      }
    else if (kind == "displacement")
      {
        bc.kind = BoundaryKind::displacement;
        if (!args.empty() && args[0].find('=') != std::string::npos)
          {
            // Named components: only those are constrained.
            bc.components = {{false, false, false}};
            for (const auto &a : args)
              {
                const auto         equal = a.find('=');
                if (equal == std::string::npos)
                  throw InputError("expected 'x=value' in '" + trim(text) + "'");
                const unsigned int c     = component_index(a.substr(0, equal));
                bc.components[c]         = true;
                bc.vector[c]             = parse_number(a.substr(equal + 1), text);
              }
          }
        else
          bc.vector = three_numbers();
      }
    else if (kind == "traction")
      {
        bc.kind   = BoundaryKind::traction;
        bc.vector = three_numbers();
      }
    else if (kind == "moment")
      {
        bc.kind   = BoundaryKind::moment;
        bc.vector = three_numbers();
      }
    else if (kind == "pressure")
      {
        bc.kind = BoundaryKind::pressure;
        if (args.size() != 1)
          throw InputError("'" + trim(text) + "' needs one number, e.g. pressure(0.5)");
        bc.pressure = parse_number(args[0], text);
      }
    else if (kind == "follower_force")
      {
        bc.kind = BoundaryKind::follower_force;
        const bool preload = args.size() == 2 && lowercase(trim(args[1])) == "preload";
        if (args.size() != 1 && !preload)
          throw InputError("'" + trim(text) + "' needs one number and optionally 'preload', e.g. "
                           "follower_force(500) or follower_force(500, preload)");
        bc.force   = parse_number(args[0], text);
        bc.preload = preload;
      }
    else
      throw InputError("unknown boundary condition '" + name + "' in '" + trim(text) +
                       "' (allowed: fixed, fixed(x,y,z), displacement(ux,uy,uz), "
                       "displacement(z=..), traction(tx,ty,tz), pressure(p), "
                       "moment(Mx,My,Mz), follower_force(F[, preload]))");
    return bc;
  }

  std::vector<BoundaryConditionSpec>
  parse_boundary_conditions(const std::string &text)
  {
    std::vector<BoundaryConditionSpec> conditions;
    for (const auto &entry : split(text, ';'))
      if (!entry.empty())
        conditions.push_back(parse_boundary_condition(entry));
    for (std::size_t i = 0; i < conditions.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (conditions[i].is_dirichlet() && conditions[j].is_dirichlet() &&
            conditions[i].boundary_id == conditions[j].boundary_id)
          for (unsigned int c = 0; c < 3; ++c)
            if (conditions[i].components[c] && conditions[j].components[c])
              throw InputError("boundary id " + std::to_string(conditions[i].boundary_id) +
                               " has two constraints on the same component");
    return conditions;
  }

  void
  check_boundary_ids_exist(const std::vector<BoundaryConditionSpec> &  conditions,
                           const std::set<dealii::types::boundary_id> &mesh_ids)
  {
    for (const auto &bc : conditions)
      if (mesh_ids.count(bc.boundary_id) == 0)
        {
          std::string present;
          for (const auto id : mesh_ids)
            present += (present.empty() ? "" : ", ") + std::to_string(id);
          throw InputError("boundary id " + std::to_string(bc.boundary_id) + " (" +
                           to_string(bc.kind) +
                           ") does not exist on the mesh boundary (ids present: " + present +
                           ")");
        }
  }

  std::vector<double>
  parse_load_factor_list(const std::string &text)
  {
    std::vector<double> factors;
    for (const auto &piece : split(text, ','))
      {
        if (piece.empty())
          continue;
        const double f = parse_number(piece, text);
        if (!(f > 0. && f <= 1.))
          throw InputError("load factor " + piece + " is out of range (allowed: 0 < f <= 1)");
        factors.push_back(f);
      }
    std::sort(factors.begin(), factors.end());
    factors.erase(std::unique(factors.begin(), factors.end()), factors.end());
    return factors;
  }
} // namespace spine::solver
