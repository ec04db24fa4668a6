// Analysis: the pure desk-top analysis (no I/O, no dependencies).
//
// `Analyser` reads a school's `SchoolEvidence` under versioned `AnalysisRules` and proposes a
// `SchoolAnalysis`: a support level with its reasons, areas for improvement, strengths and data
// warnings. The outcome indicators (`OutcomePlan`, `IndicatorAssessment`, `MeasureAssessment`), the
// inspections (`InspectionReview`), the self-evaluation (`SelfEvaluationReview`) and advisers' flags
// (`AdviserFlagReview`) each file their findings in an `AreaLedger`; `LevelDecision` turns them into
// the level. docs/analysis-rules.md explains the rules for advisers.
