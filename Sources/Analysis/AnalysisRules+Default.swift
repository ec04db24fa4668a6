extension AnalysisRules {
    /// The documented default rules (docs/analysis-rules.md explains each one).
    public static let `default` = AnalysisRules(
        version: "2026.1",
        summary: """
            First version: KS2 and KS4 outcomes over three years with recency weights and 95% \
            confidence intervals; report-card and legacy inspections; self-evaluation accuracy; \
            adviser flags.
            """,
        windowYears: 3,
        recencyWeights: [1, 1.5, 2],
        confidenceZ: 1.96,
        smallCohort: 11,
        minimumPooledCohort: 20,
        keyStageEndAges: [.earlyYears: 5, .phonics: 6, .ks2: 11, .ks4: 16, .post16: 18],
        compareSpecialSchoolAttainment: false,
        indicators: ks2Indicators + ks4Indicators,
        inspections: InspectionRules(
            legacyAreas: [
                .qualityOfEducation: [.curriculumTeaching],
                .behaviourAndAttitudes: [.attendanceBehaviour],
                .personalDevelopment: [.personalDevelopment],
                .leadershipAndManagement: [.leadership, .governance],
                .earlyYears: [.earlyYears],
                .sixthForm: [.post16],
            ],
            reportCardAreas: [
                .inclusion: [.sendInclusion],
                .curriculumAndTeaching: [.curriculumTeaching],
                .achievement: [.curriculumTeaching],
                .attendanceAndBehaviour: [.attendanceBehaviour],
                .personalDevelopmentAndWellbeing: [.personalDevelopment],
                .earlyYears: [.earlyYears],
                .post16: [.post16],
                .leadershipAndGovernance: [.leadership, .governance],
            ],
            requiresImprovementSeverity: 3,
            inadequateSeverity: 5,
            needsAttentionSeverity: 3,
            urgentImprovementSeverity: 5,
            safeguardingSeverity: 5,
            exceptionalStrength: 1,
            strongStandardStrength: 0.7,
            outstandingStrength: 0.8,
            outOfDateYears: 5,
            outOfDateStrengthFactor: 0.5,
            securePlusReportCardGrade: .strongStandard,
            securePlusLegacyGrade: .outstanding
        ),
        selfEvaluation: SelfEvaluationRules(
            claimedStrengthGrade: .strongStandard,
            assessmentSeverity: 3,
            claimStrength: 0.3,
            needsAttentionSeverity: 2,
            urgentImprovementSeverity: 3,
            outOfDateYears: 1
        ),
        adviserFlags: AdviserFlagRules(
            newHeadTeacherLevel: .lightTouch,
            safeguardingConcernLevel: .focus,
            safeguardingConcernSeverity: 4,
            leadershipConcernSeverity: 3
        ),
        levels: LevelRules(
            focusConcerns: 3,
            focusSeverity: 4,
            persistentVeryLowYears: 2,
            securePlusStrongYears: 2,
            securePlusWithoutPublishedOutcomes: true
        )
    )

    /// No KS2 tests in 2019/20–2020/21; no progress scores for 2023/24–2025/26 (no KS1 baseline).
    private static let ks2AttainmentGaps = [2020, 2021]
    private static let ks2ProgressGaps = [2020, 2021, 2024, 2025, 2026]
    /// No KS4 performance tables for 2019/20–2020/21; no Progress 8 for 2024/25–2025/26
    /// (those pupils sat no KS2 tests).
    private static let ks4AttainmentGaps = [2020, 2021]
    private static let ks4ProgressGaps = [2020, 2021, 2025, 2026]

    private static func ks2Percentage(_ code: String, comparator: String? = nil) -> MeasureRule {
        MeasureRule(
            code: code, comparatorCode: comparator, scale: .percentage, concernGap: 5,
            seriousGap: 10, veryLowGap: 20, strengthGap: 5, fullStrengthGap: 15,
            unavailableYears: ks2AttainmentGaps)
    }

    private static func ks2Progress(_ code: String) -> MeasureRule {
        MeasureRule(
            code: code, scale: .progress, pupilStandardDeviation: 6, concernGap: 0,
            seriousGap: 3, veryLowGap: 5, strengthGap: 2, fullStrengthGap: 4,
            unavailableYears: ks2ProgressGaps)
    }

    /// Gaps in points: concern, serious, very low; strength from, full strength at.
    private static func ks4Points(
        _ code: String, deviation: Double, gaps: (Double, Double, Double), strength: (Double, Double)
    ) -> MeasureRule {
        MeasureRule(
            code: code, scale: .points, pupilStandardDeviation: deviation, concernGap: gaps.0,
            seriousGap: gaps.1, veryLowGap: gaps.2, strengthGap: strength.0, fullStrengthGap: strength.1,
            unavailableYears: ks4AttainmentGaps)
    }

    private static func ks4Progress(_ code: String) -> MeasureRule {
        MeasureRule(
            code: code, scale: .progress, pupilStandardDeviation: 1.3, concernGap: 0,
            seriousGap: 0.5, veryLowGap: 1, strengthGap: 0.3, fullStrengthGap: 0.8,
            unavailableYears: ks4ProgressGaps)
    }

    private static let ks2Indicators: [OutcomeIndicator] = [
        OutcomeIndicator(
            id: "ks2-rwm", title: "KS2 reading, writing and maths combined", keyStage: .ks2,
            area: nil, isHeadline: true, attainment: ks2Percentage("PTRWM_EXP")),
        OutcomeIndicator(
            id: "ks2-reading", title: "KS2 reading", keyStage: .ks2, area: .ks2Reading,
            attainment: ks2Percentage("PTREAD_EXP"), progress: ks2Progress("READPROG")),
        OutcomeIndicator(
            id: "ks2-writing", title: "KS2 writing", keyStage: .ks2, area: .ks2Writing,
            attainment: ks2Percentage("PTWRITTA_EXP"), progress: ks2Progress("WRITPROG")),
        OutcomeIndicator(
            id: "ks2-maths", title: "KS2 maths", keyStage: .ks2, area: .ks2Maths,
            attainment: ks2Percentage("PTMAT_EXP"), progress: ks2Progress("MATPROG")),
        OutcomeIndicator(
            id: "ks2-disadvantaged",
            title: "KS2 disadvantaged pupils against other pupils nationally", keyStage: .ks2,
            area: .disadvantaged,
            attainment: MeasureRule(
                code: "PTRWM_EXP_FSM6CLA1A", comparatorCode: "PTRWM_EXP_NotFSM6CLA1A",
                scale: .percentage, concernGap: 25, seriousGap: 35, veryLowGap: 45,
                strengthGap: 0, fullStrengthGap: 10, unavailableYears: ks2AttainmentGaps)),
    ]

    private static let ks4Indicators: [OutcomeIndicator] = [
        OutcomeIndicator(
            id: "ks4-overall", title: "KS4 Attainment 8 and Progress 8", keyStage: .ks4,
            area: nil, isHeadline: true,
            attainment: ks4Points("ATT8SCR", deviation: 20, gaps: (3, 6, 10), strength: (3, 8)),
            progress: ks4Progress("P8MEA")),
        OutcomeIndicator(
            id: "ks4-english", title: "KS4 English", keyStage: .ks4, area: .ks4English,
            attainment: ks4Points("ATT8SCRENG", deviation: 5, gaps: (0.8, 1.6, 2.6), strength: (0.8, 2)),
            progress: ks4Progress("P8MEAENG")),
        OutcomeIndicator(
            id: "ks4-maths", title: "KS4 maths", keyStage: .ks4, area: .ks4Maths,
            attainment: ks4Points("ATT8SCRMAT", deviation: 5, gaps: (0.8, 1.6, 2.6), strength: (0.8, 2)),
            progress: ks4Progress("P8MEAMAT")),
        OutcomeIndicator(
            id: "ks4-science", title: "KS4 EBacc subjects (science, languages, humanities)",
            keyStage: .ks4, area: .ks4Science,
            attainment: ks4Points("ATT8SCREBAC", deviation: 7, gaps: (1.2, 2.4, 4), strength: (1.2, 3)),
            progress: ks4Progress("P8MEAEBAC")),
        OutcomeIndicator(
            id: "ks4-disadvantaged",
            title: "KS4 disadvantaged pupils against other pupils nationally", keyStage: .ks4,
            area: .disadvantaged,
            attainment: MeasureRule(
                code: "ATT8SCR_FSM6CLA1A", comparatorCode: "ATT8SCR_NFSM6CLA1A", scale: .points,
                pupilStandardDeviation: 20, concernGap: 18, seriousGap: 24, veryLowGap: 30,
                strengthGap: 0, fullStrengthGap: 6, unavailableYears: ks4AttainmentGaps)),
    ]
}
