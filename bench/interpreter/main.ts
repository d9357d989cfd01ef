import { availableParallelism } from "node:os";
import { benchFixture } from "../fixture.ts";
import { createProgress } from "../progress.ts";
import { publish } from "../publish.ts";
import { failuresOf, type InterpreterBenchFigures, method, workflowFigures } from "./figures.ts";
import { readInterpreterOptions } from "./options.ts";
import { formatInterpreterReport, formatInterpreterSmokeReport } from "./report.ts";
import { baselineScenario, loadBenchWorkflow, workflowScenario } from "./scenarios.ts";
import { type PhaseResult, pace, Simulation } from "./simulation.ts";

const log = (message: string) => process.stderr.write(`bench interpreter: ${message}\n`);

/** Runs the benchmark with the arguments after `interpreter`; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = readInterpreterOptions(argv);
  const definition = await loadBenchWorkflow();
  const { directory } = benchFixture(options.agents);
  const service = directory.services[0];
  if (!service) throw new Error("the bench directory has no service");
  const runs = [baselineScenario, workflowScenario(definition, service)].map((scenario) => ({
    scenario,
    simulation: new Simulation(scenario, directory, options.concurrency),
  }));
  const progress = createProgress();
  const phase = (label: string, simulation: Simulation, tasks: number): PhaseResult => {
    progress.start(label, tasks, "tasks");
    try {
      return simulation.run(tasks, (n) => progress.update(n));
    } finally {
      progress.stop();
    }
  };

  log(`warming up both workflows, ${options.warmupTasks} tasks each`);
  for (const { scenario, simulation } of runs) {
    phase(`warm-up ${scenario.name}`, simulation, options.warmupTasks);
  }
  const [baseline, workflow] = runs.map(({ scenario, simulation }) =>
    workflowFigures(scenario, phase(scenario.name, simulation, options.tasks), simulation.checks),
  );
  if (!baseline || !workflow) throw new Error("a workflow was not measured");
  const figures: InterpreterBenchFigures = {
    config: { ...options, pace, node: process.version, cpus: availableParallelism() },
    method,
    baseline,
    workflow,
    ratios: {
      tasksPerSecond: workflow.tasksPerSecond / baseline.tasksPerSecond,
      eventsPerSecond: workflow.eventsPerSecond / baseline.eventsPerSecond,
      decideMicrosPerTask: workflow.decideMicrosPerTask / baseline.decideMicrosPerTask,
    },
    failures: failuresOf([baseline, workflow]),
  };
  return publish(
    options.smoke ? formatInterpreterSmokeReport(figures) : formatInterpreterReport(figures),
    figures,
    options.json,
    figures.failures.length > 0,
    log,
  );
}
