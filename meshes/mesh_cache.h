// Cache of meshed segment models keyed by every geometry, surgery and mesh parameter plus the
// code version: a repeated request reuses the mesh, any change rebuilds it.
#pragma once
#include "meshes/model_input.h"
#include "meshes/segment_model.h"

#include <optional>
#include <string>

namespace spine::meshes
{
std::string cache_directory(); ///< $SPINE_FE_CACHE or ~/.cache/spine-fe/meshes
std::string model_cache_key(const ModelInput &input);
std::optional<SegmentModel> load_cached_model(const ModelInput &input);
void save_cached_model(const ModelInput &input, const SegmentModel &model);

/// Cached model if present, otherwise builds and caches it. `reused` tells which happened.
SegmentModel obtain_segment_model(const ModelInput &input, bool &reused);
} // namespace spine::meshes
