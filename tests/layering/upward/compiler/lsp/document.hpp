// Fixture: the language server calls the pipeline, not the commands.
#include "pipeline/pipeline.hpp"
#include "driver/engine.hpp"
