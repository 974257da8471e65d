// Field numbers of Google's profile.proto (github.com/google/pprof/proto/profile.proto), shared
// by the pprof encoder and decoder so the two cannot drift apart.
#pragma once

#include <cstdint>

namespace pprof::formats::pf {

// message Profile
constexpr uint32_t kSampleType = 1, kSample = 2, kMapping = 3, kLocation = 4, kFunction = 5,
                   kStringTable = 6, kDropFrames = 7, kKeepFrames = 8, kTimeNanos = 9,
                   kDurationNanos = 10, kPeriodType = 11, kPeriod = 12, kComment = 13,
                   kDefaultSampleType = 14;
// message ValueType
constexpr uint32_t kValueTypeType = 1, kValueTypeUnit = 2;
// message Sample
constexpr uint32_t kSampleLocationId = 1, kSampleValue = 2, kSampleLabel = 3;
// message Label
constexpr uint32_t kLabelKey = 1, kLabelStr = 2, kLabelNum = 3, kLabelNumUnit = 4;
// message Mapping
constexpr uint32_t kMappingId = 1, kMappingStart = 2, kMappingLimit = 3, kMappingOffset = 4,
                   kMappingFilename = 5, kMappingBuildId = 6, kMappingHasFunctions = 7,
                   kMappingHasFilenames = 8, kMappingHasLineNumbers = 9, kMappingHasInlineFrames = 10;
// message Location
constexpr uint32_t kLocationId = 1, kLocationMappingId = 2, kLocationAddress = 3, kLocationLine = 4,
                   kLocationIsFolded = 5;
// message Line
constexpr uint32_t kLineFunctionId = 1, kLineLine = 2;
// message Function
constexpr uint32_t kFunctionId = 1, kFunctionName = 2, kFunctionSystemName = 3, kFunctionFilename = 4,
                   kFunctionStartLine = 5;

}  // namespace pprof::formats::pf
