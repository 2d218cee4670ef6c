// study.json (schema spine-fe/study/1), study.csv and the report of a study.
#pragma once
#include "study_driver.h"

#include <functional>
#include <ostream>

#include "meshes/json.h"

namespace spine::study
{
/// Headline metrics (flat names with units), from the case results.
Json study_metrics(const meshes::MeshJob &job, const std::vector<CaseResult> &results);

void write_study_outputs(const meshes::MeshJob &job, dealii::ParameterHandler &prm, const StudySettings &s,
                         const std::vector<CaseResult> &results, const std::string &directory);

void print_study_summary(std::ostream &out, const std::vector<CaseResult> &results, const std::string &directory);

/// Stenosis category of a canal area by the 100 / 75 mm2 thresholds (dural-sac thresholds).
std::string stenosis_category(double area_mm2);
} // namespace spine::study
