// Matching: pure scoring, candidate generation, optimal and stable solvers, explanations.
