import type { BackendChoice, BackendName } from '../core/backend';
import { LIVE_KEYS } from '../state/settings';
import { freeAbandonedTape } from './abandoned-tape';
import { readDiagnostics } from './diagnostics';
import { ArmedFaults } from './fault-hook';
import { sameConfig, type CustomPoints, type Family, type FromWorker, type RunConfig, type ToWorker } from './protocol';
import { loadModelFile, saveModelFile } from './model-io';
import { describeNextStep } from './walkthrough-step';
import { readCrossSection } from './read-cross-section';
import { targetLogDensity } from './read-target';
import { DENSITY_GRID } from './live-scores';
import type { LoadedFlow, Session } from './session';
import { nextDueTask, type ReadbackTask } from './tasks';
import { SliceTimer } from './slice-timer';
import { StepRate } from './step-rate';
import { WeightKeeper, type WeightSnapshot } from './weight-snapshot';
import { restAfter } from './cpu-share';
import { yieldToEventLoop } from './yield';

/** How often the step count and speed are posted while training. */
const PROGRESS_MS = 200;
/** How often the worker's tensor count is posted while training. */
const DIAGNOSTICS_MS = 2000;
/** A step or read that threw may be the first sign of a lost GPU: wait this long for the loss event before calling it a bug. */
const LOSS_GRACE_MS = 200;

/** What the scheduler builds runs with: the real session and tasks in the worker, fakes in unit tests. */
export interface SchedulerParts {
  /** A session of the family this worker trains (see Scheduler's `trains`). */
  session(config: RunConfig, gen: number, custom: CustomPoints | null, loaded: LoadedFlow | null, restored: WeightSnapshot | null): Session;
  tasks(session: Session): ReadbackTask[];
  /** Start the next backend after `lost` (webgpu → webgl → wasm → cpu). */
  fallBack(lost: BackendName): Promise<BackendChoice>;
}

const isGpu = (name: BackendName) => name === 'webgl' || name === 'webgpu';

/**
 * The worker's one loop. Each turn: apply queued commands, run one training
 * slice (~25 ms of model steps) if playing, run at most one due read-back,
 * then yield so messages are handled. Pause and Play only flip a flag and so
 * act at once; commands that replace the session (configure, reset, follow)
 * wait for the turn boundary, so no read-back ever sees its models disposed
 * under it.
 *
 * Each model trains in a worker of its own (`trains`). The flow's worker
 * leads: it decides what a settings change, Reset, a model file or an Undo
 * makes of the run and numbers the runs. A baseline's worker follows: it
 * builds run n when told 'follow' (the page relays each run the flow's worker
 * posts), and takes from 'configure' only the live settings.
 */
export class Scheduler {
  private session: Session | null = null;
  private tasks: ReadbackTask[] = [];
  private running = false;
  private pendingSteps = 0;
  private pendingConfig: RunConfig | null = null;
  /** A baseline's worker: the flow worker's run to train next. */
  private pendingFollow: { gen: number; config: RunConfig } | null = null;
  /** A baseline's worker: a new run is on its way ('run-coming', or a change that is not live), and the Steps asked for since, which are its. */
  private runComing = false;
  private stepsForComingRun = 0;
  /** The part of the wall time this worker may work in while training (a baseline's; see engine/cpu-share.ts). */
  private share = 1;
  /** The config of the newest run asked for, so Reset works even if building it failed. */
  private lastConfig: RunConfig | null = null;
  private gen = 0;
  /** The user's latest drawn or imported points, for runs whose dataset is 'custom'. */
  private custom: CustomPoints | null = null;
  private pendingSave = false;
  private pendingLoad: { fileName: string; text: string } | null = null;
  private pendingWalkthrough = false;
  /** The latest cross-section asked for (a newer request replaces an unanswered one). */
  private pendingCrossSection: { layer: number; kept: number } | null = null;
  /** The run the last rebuild replaced, kept (weights, optimiser, steps) so a settings change can be undone. */
  private parked: Session | null = null;
  private pendingRestore: number | null = null;
  /** Whether the pending rebuild keeps the current run aside for Undo (see rebuild). */
  private keepReplacedRun = false;
  private wake: (() => void) | null = null;
  private lastProgressAt = 0;
  private lastDiagnosticsAt = -Infinity;
  /** Training stopped or a run was built: post the tensor count at the next turn boundary. */
  private diagnosticsDue = false;
  private timer: SliceTimer;
  private weights: WeightKeeper;
  /** Why the backend's device went away, until the loop has moved to the next backend. */
  private lost: string | null = null;
  /** Settles when the device is lost: a read from a lost WebGL context never resolves, so every await races it. */
  private lostSignal = lossSignal();
  private readonly faults = new ArmedFaults();
  private readonly speed = new StepRate();

  constructor(
    private readonly post: (msg: FromWorker) => void,
    private backend: BackendName,
    private readonly parts: SchedulerParts,
    /** The model this worker trains; any but the flow makes it a follower. */
    private readonly trains: Family = 'flow',
  ) {
    this.timer = new SliceTimer(isGpu(backend));
    this.weights = new WeightKeeper(isGpu(backend));
  }

  /** The backend's device is gone (watchBackendLoss): the loop moves the run to the next backend. */
  backendLost(reason: string): void {
    this.lost ??= reason;
    this.lostSignal.fire();
    this.wake?.();
  }

  /** `work`, or a rejection as soon as the device is lost, whichever comes first. */
  private untilLost<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.lostSignal.promise]);
  }

  /**
   * A new run is wanted. Steps asked for before this message belonged to the
   * old run and are dropped now, at arrival; a Step sent after it (a click
   * just after a settings change) is kept and taken on the new run.
   */
  private replaceRun(config: RunConfig | null, keepAside = false): void {
    this.pendingConfig = config;
    this.pendingSteps = 0;
    this.keepReplacedRun = keepAside;
  }

  private get follower(): boolean {
    return this.trains !== 'flow';
  }

  /** Called from onmessage: cheap, never touches tensors. */
  handle(msg: ToWorker): void {
    if (this.follower && this.handleAsFollower(msg)) return this.wake?.();
    switch (msg.type) {
      case 'play':
        this.running = true;
        break;
      case 'pause':
        this.running = false;
        this.diagnosticsDue = true;
        this.speed.clear();
        this.postProgress();
        break;
      case 'step':
        this.pendingSteps += 1;
        break;
      case 'reset':
        this.replaceRun(this.lastConfig);
        break;
      case 'configure':
        this.lastConfig = { ...msg.config };
        // The settings an Undo puts back arrive after it: the restored run already has them.
        if (this.pendingRestore !== null && this.parked?.gen === this.pendingRestore && sameConfig(this.parked.config, msg.config)) break;
        if (this.session && !this.pendingConfig && sameConfig(this.session.config, msg.config, LIVE_KEYS)) {
          this.session.applyLive(msg.config);
        } else this.replaceRun(msg.config, true);
        break;
      case 'start':
        this.running = msg.running;
        this.lastConfig = { ...msg.config };
        this.replaceRun(this.lastConfig);
        break;
      case 'set-data':
        this.custom = { label: msg.label, points: msg.points };
        if (this.lastConfig?.dataset === 'custom' && this.pendingRestore === null) this.replaceRun(this.lastConfig, true);
        break;
      case 'save-model':
        this.pendingSave = true;
        break;
      case 'load-model':
        this.pendingLoad = { fileName: msg.fileName, text: msg.text };
        break;
      case 'walkthrough':
        this.pendingWalkthrough = true;
        break;
      case 'cross-section':
        this.pendingCrossSection = { layer: msg.layer, kept: msg.kept };
        break;
      case 'restore-run':
        this.pendingRestore = msg.gen;
        break;
      case 'follow':
      case 'run-coming':
        break; // only a baseline's worker follows
      case 'fault': {
        const what = this.faults.inject(msg.fault);
        if (this.session) this.post({ type: 'notice', gen: this.session.gen, message: `Test fault: ${what}.` });
        break;
      }
    }
    this.wake?.();
  }

  /**
   * The commands a baseline's worker takes differently; true if `msg` was one.
   * It builds no run of its own making: its runs come by 'follow'. Of a settings
   * change it applies the live ones (the flow's worker keeps its run for those
   * too); any other change reaches it as the next run to follow.
   */
  private handleAsFollower(msg: ToWorker): boolean {
    switch (msg.type) {
      case 'start':
        this.running = msg.running;
        this.lastConfig = { ...msg.config };
        return true;
      case 'follow':
        this.pendingFollow = { gen: msg.gen, config: { ...msg.config } };
        this.share = msg.share;
        this.lastConfig = { ...msg.config };
        // Steps asked for before the change that made this run belonged to the run it replaces (as
        // in the flow's worker, where a new run starts with none); those asked for since are its own.
        this.pendingSteps = this.runComing ? this.stepsForComingRun : 0;
        this.runComing = false;
        this.stepsForComingRun = 0;
        return true;
      case 'run-coming':
        this.expectRun();
        return true;
      case 'step':
        if (!this.runComing) return false;
        this.stepsForComingRun += 1;
        return true;
      case 'configure':
        if (this.session && sameConfig(this.session.config, msg.config, LIVE_KEYS)) this.session.applyLive(msg.config);
        else this.expectRun(); // the flow's worker makes a new run of it
        return true;
      case 'set-data':
        this.custom = { label: msg.label, points: msg.points };
        if (this.lastConfig?.dataset === 'custom') this.expectRun();
        return true;
      case 'reset':
      case 'restore-run':
      case 'load-model':
        return true; // the flow's worker decides; what it makes of the run arrives by 'follow'
      default:
        return false;
    }
  }

  async loop(): Promise<void> {
    for (;;) {
      if (this.lost) await this.fallBack(this.lost);
      if (this.pendingRestore !== null) this.restore(this.pendingRestore);
      if (this.pendingLoad) this.load(this.pendingLoad);
      if (this.pendingConfig) this.rebuild(this.pendingConfig, null, this.keepReplacedRun);
      if (this.pendingFollow) this.follow(this.pendingFollow);
      if (this.pendingSave) await this.save();
      if (this.pendingWalkthrough) await this.describeStep();
      if (this.pendingCrossSection) await this.crossSection(this.pendingCrossSection);
      const session = this.session;
      let worked = false;
      let trainedMs = 0;
      if (session && (this.running || this.pendingSteps > 0)) {
        const sliceStart = performance.now();
        await this.untilLost(this.trainSlice(session)).catch(async (err) => {
          freeAbandonedTape();
          if (!(await this.becameLost())) this.halt(`training failed: ${errorText(err)}`);
        });
        trainedMs = performance.now() - sliceStart;
        worked = true;
      }
      if (session && (this.running ? performance.now() - this.lastProgressAt > PROGRESS_MS : worked)) this.postProgress();
      if (session) this.postDiagnostics(this.diagnosticsDue || (!this.running && worked));
      if (session && !this.lost && this.pendingSteps === 0 && this.weights.due(session, this.running, performance.now())) {
        // A failed copy only means the previous snapshot stays the one a loss would restore.
        await this.untilLost(this.weights.take(session)).catch(() => {});
        worked = true;
      }
      const task = !this.lost && session && nextDueTask(this.tasks, session.version, this.running, performance.now());
      if (task && session) {
        await this.runTask(task, session);
        worked = true;
      }
      // A baseline's worker rests after each slice of training, so the flow keeps its core. Only
      // the slice counts: a rest as long as a slow read-back would stall the step count for as long
      // (read-backs keep to their own share of the time, see tasks.ts).
      const rest = this.running ? restAfter(trainedMs, this.share) : 0;
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      else if (worked) await yieldToEventLoop();
      else await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  /**
   * Replace the run with a model file's flow. The file is checked completely
   * before the current run is touched: a bad file costs nothing but a message.
   */
  private load(file: { fileName: string; text: string }): void {
    this.pendingLoad = null;
    const current = this.lastConfig;
    if (!current) return;
    const result = loadModelFile(file.text, current, file.fileName);
    if (!result.ok) {
      this.post({ type: 'load-failed', fileName: file.fileName, message: result.message });
      return;
    }
    this.running = false;
    this.lastConfig = result.config;
    this.rebuild(result.config, { flow: result.flow, fileName: file.fileName, summary: result.summary });
  }

  /**
   * The step walkthrough's figures for the flow's next step. The losses
   * read-back runs first if it is behind, so the trainer's next report covers
   * exactly the step described and the page can set the two side by side.
   */
  private async describeStep(): Promise<void> {
    this.pendingWalkthrough = false;
    const losses = this.tasks.find((t) => t.id === 'losses');
    if (this.session && losses && losses.lastVersion !== this.session.version) await this.runTask(losses, this.session);
    await this.answer('the step walkthrough could not read the step', async (s) => ({ type: 'walkthrough', gen: s.gen, ...(await describeNextStep(s)) }));
  }

  /** One layer's element-wise map along a cross-section (read-cross-section.ts), for the Layers panel. */
  private async crossSection(ask: { layer: number; kept: number }): Promise<void> {
    this.pendingCrossSection = null;
    await this.answer("the layer's cross-section could not be read", async (s) => ({
      type: 'cross-section',
      gen: s.gen,
      step: s.steps,
      section: await readCrossSection(s.flow.layers, ask.layer, ask.kept),
    }));
  }

  private async save(): Promise<void> {
    this.pendingSave = false;
    await this.answer('could not save the model', async (s) => ({ type: 'model-file', gen: s.gen, ...(await saveModelFile(s, this.custom)) }));
  }

  /** Post what `read` makes of the current run; if it fails, a notice saying what could not be done (`failed`) and why. */
  private async answer(failed: string, read: (session: Session) => Promise<FromWorker>): Promise<void> {
    const session = this.session;
    if (!session) return;
    try {
      this.post(await this.untilLost(read(session)));
    } catch (err) {
      this.post({ type: 'notice', gen: session.gen, message: `${failed}: ${errorText(err)}` });
    }
  }

  /**
   * Undo: swap the parked run back in, as it was. If the change it undoes has
   * not been applied yet, the current run is that run and only the pending
   * change is dropped.
   */
  private restore(gen: number): void {
    this.pendingRestore = null;
    this.pendingSteps = 0;
    this.running = false;
    if (this.session?.gen === gen) {
      this.pendingConfig = null;
      this.lastConfig = { ...this.session.config };
      this.postRun(this.session);
      return;
    }
    const parked = this.parked;
    if (!parked || parked.gen !== gen) {
      this.post({ type: 'notice', gen: this.session?.gen ?? -1, message: 'the previous run is no longer kept, so it cannot be brought back' });
      return;
    }
    this.parked = null;
    this.pendingConfig = null;
    this.session?.dispose();
    this.session = parked;
    this.tasks = this.parts.tasks(parked);
    this.lastConfig = { ...parked.config };
    this.speed.clear();
    this.postRun(parked);
  }

  /** A baseline's worker: the run in hand is being replaced; Steps wait for the next 'follow'. */
  private expectRun(): void {
    this.runComing = true;
    this.pendingSteps = 0;
    this.stepsForComingRun = 0;
  }

  /**
   * A baseline's worker takes up the flow worker's run `gen`: the current one
   * (a live change at most), the one kept aside (an Undo), or a new build
   * under that number. Every replaced run is kept aside: whether the flow's
   * worker offers Undo for it is not known here, and the next follow lets it go.
   */
  private follow({ gen, config }: { gen: number; config: RunConfig }): void {
    this.pendingFollow = null;
    const current = this.session;
    if (current?.gen === gen) {
      if (sameConfig(current.config, config, LIVE_KEYS)) current.applyLive(config);
      return;
    }
    if (this.parked?.gen === gen) return this.restore(gen);
    this.rebuild(config, null, true, gen);
  }

  /** Keep the replaced run for Undo; the one kept before it is let go. */
  private park(session: Session | null): void {
    if (this.parked && this.parked !== session) this.parked.dispose();
    this.parked = session;
  }

  /**
   * Replace the run. Only a change of settings or data keeps the replaced run
   * aside (the page offers Undo for those); Reset and a loaded model let it,
   * and any run kept before, go.
   */
  private rebuild(config: RunConfig, loaded: LoadedFlow | null = null, keepAside = false, gen = this.gen + 1): void {
    this.pendingConfig = null;
    if (keepAside) this.park(this.session);
    else {
      this.session?.dispose();
      this.park(null);
    }
    this.session = null;
    this.tasks = [];
    this.speed.clear();
    this.diagnosticsDue = true;
    this.gen = gen;
    try {
      const s = this.parts.session(config, this.gen, this.custom, loaded, null);
      this.session = s;
      this.tasks = this.parts.tasks(s);
      this.postRun(s);
    } catch (err) {
      this.post({ type: 'fatal', gen: this.gen, message: `could not build the models: ${errorText(err)}` });
    }
  }

  /** Describe a run to the page: its data, layers and layout, then its step count. */
  private postRun(s: Session): void {
    const config = s.config;
    // Points copied: the message transfers its buffer, and an Undo may post this run again.
    this.post({ type: 'run', ...s.info, points: s.info.points.slice() });
    if (config.target === 'energy') {
      this.post({ type: 'target', gen: s.gen, size: DENSITY_GRID, logDensity: targetLogDensity(config.energy, s.info.box) });
    }
    this.postProgress();
  }

  private async trainSlice(session: Session): Promise<void> {
    const start = performance.now();
    let taken = 0;
    const maxSteps = this.timer.stepsPerSlice;
    while (taken < maxSteps && (this.running || this.pendingSteps > 0)) {
      const roundsBefore = session.steps;
      this.faults.step(() => session.stepLaggard());
      taken += 1;
      if (session.steps > roundsBefore && this.pendingSteps > 0) {
        this.pendingSteps -= 1;
        if (!this.running) break; // a Step is exactly one round
      }
      if (performance.now() - start >= this.timer.budgetMs) break;
    }
    await this.timer.finish(session, taken, start);
    this.speed.record(session.steps);
  }

  /**
   * A step threw (not a non-finite loss, which the trainer absorbs, but a bug
   * or a backend failure): stop training, keep the loop alive so a settings
   * change or Reset can start a working run.
   */
  private halt(message: string): void {
    this.running = false;
    this.pendingSteps = 0;
    this.post({ type: 'fatal', gen: this.session?.gen, message });
  }

  private async runTask(task: ReadbackTask, session: Session): Promise<void> {
    const start = performance.now();
    task.lastRunAt = start;
    task.lastVersion = session.version;
    try {
      for (const msg of await this.untilLost(this.faults.readBack(() => task.run()))) this.post(msg);
    } catch (err) {
      if (!(await this.becameLost())) this.post({ type: 'notice', gen: session.gen, message: `${task.id} read-back failed: ${errorText(err)}` });
    }
    task.lastDurationMs = performance.now() - start;
  }

  private postProgress(): void {
    const s = this.session;
    if (!s) return;
    this.lastProgressAt = performance.now();
    const msPerStep: Partial<Record<Family, number>> = {};
    for (const run of s.runs) msPerStep[run.family] = run.msPerStep;
    this.post({ type: 'progress', gen: s.gen, step: s.steps, running: this.running, stepsPerSec: this.running ? this.speed.perSecond() : 0, msPerStep, warmupFrom: s.warmupFrom });
  }

  /**
   * The tensor count, every few seconds while training and after every change
   * when not. Only ever called at a turn boundary of the loop: mid-task (a
   * Pause arriving while a read-back yields) the count would include the
   * read-back's tensors in flight.
   */
  private postDiagnostics(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastDiagnosticsAt < DIAGNOSTICS_MS) return;
    this.lastDiagnosticsAt = now;
    this.diagnosticsDue = false;
    this.post({ type: 'diagnostics', ...readDiagnostics() });
  }

  /** After a step or read threw: give a GPU loss event the chance to arrive, and say whether it did. */
  private async becameLost(): Promise<boolean> {
    if (!this.lost && isGpu(this.backend)) await new Promise((resolve) => setTimeout(resolve, LOSS_GRACE_MS));
    return this.lost !== null;
  }

  /**
   * The GPU is gone and every tensor with it. Start the next backend, rebuild
   * the run there (same generation: the page keeps its curves) from the last
   * weight snapshot, and say so in one line. Training goes on if it was on.
   */
  private async fallBack(reason: string): Promise<void> {
    const from = this.backend;
    const snapshot = this.weights.latest;
    const old = this.session;
    this.session = null;
    this.tasks = [];
    // The run kept aside for Undo lived on the lost device too.
    for (const dead of [old, this.parked]) {
      try {
        dead?.dispose();
      } catch {
        // Its buffers died with the device.
      }
    }
    this.parked = null;
    let choice: BackendChoice;
    try {
      choice = await this.parts.fallBack(from);
    } catch (err) {
      this.lost = null;
      this.lostSignal = lossSignal();
      this.running = false;
      this.post({ type: 'fatal', message: `${reason}, and no other backend could start: ${errorText(err)}` });
      return;
    }
    this.lost = null;
    this.lostSignal = lossSignal();
    this.backend = choice.name;
    this.timer = new SliceTimer(isGpu(choice.name));
    this.weights = new WeightKeeper(isGpu(choice.name));
    this.post({ type: 'backend', name: choice.name, skipped: [{ name: from, reason }, ...choice.skipped] });
    if (!old || this.pendingConfig) return; // the run being asked for is built on the new backend anyway
    const restored = snapshot && snapshot.gen === old.gen ? snapshot : null;
    try {
      const s = this.parts.session(old.config, old.gen, this.custom, null, restored);
      this.session = s;
      this.tasks = this.parts.tasks(s);
      const kept = restored ? `from step ${s.steps}` : 'from the start (no weights had been saved yet)';
      this.post({ type: 'notice', gen: s.gen, message: `${capitalise(reason)}: training continues on ${choice.name} ${kept}.` });
      this.postProgress();
    } catch (err) {
      this.running = false;
      this.post({ type: 'fatal', message: `${reason}, and the run could not be rebuilt on ${choice.name}: ${errorText(err)}` });
    }
  }
}

/** A promise that rejects when `fire` is called (and never otherwise); its rejection is always handled. */
function lossSignal(): { promise: Promise<never>; fire(): void } {
  let fire = () => {};
  const promise = new Promise<never>((_, reject) => (fire = () => reject(new Error('the backend was lost'))));
  promise.catch(() => {});
  return { promise, fire };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
