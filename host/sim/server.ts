// A simulated server behind an SMC: an ATX-style power button (a press turns
// it on, a hold of 4 s or more forces it off), a reset line, and power-good
// following the power state after a short delay, as a PSU's does.
import { VirtualBoard } from "./hardware";

/** ATX forced-off threshold. */
const FORCE_OFF_MS = 4000;
/** Time from the button to power-good changing. */
const PG_DELAY_MS = 50;

export class SimServer {
  on = false;
  resets = 0;
  private pressedAt = -1;
  private forcedOff = false;
  private timer = 0;

  constructor(private hw: VirtualBoard, initiallyOn = false) {
    this.on = initiallyOn;
    hw.setInput("powerGood", initiallyOn);
    const clock = hw.clock;
    const power = hw.pinName("power");
    const reset = hw.pinName("reset");
    hw.pins.watch(power, { edge: "both", debounce: 0, repeat: true }, (e) => {
      if (e.state) {
        this.pressedAt = clock.now();
        this.forcedOff = false;
        // Holding the button forces the server off once the threshold passes.
        this.timer = clock.setTimeout(() => {
          this.forcedOff = true;
          if (this.on) this.set(false);
        }, FORCE_OFF_MS);
      } else {
        clock.clearTimeout(this.timer);
        if (this.pressedAt >= 0 && !this.forcedOff && !this.on) this.set(true);
        this.pressedAt = -1;
      }
    });
    hw.pins.watch(reset, { edge: "falling", debounce: 0, repeat: true }, () => {
      if (this.on) this.resets++;
    });
  }

  /** The server fails by itself (a PSU trip, a hang that stops it): power-good drops at once. */
  crash(): void {
    this.on = false;
    this.hw.setInput("powerGood", false);
  }

  private set(on: boolean): void {
    this.on = on;
    this.hw.clock.setTimeout(() => this.hw.setInput("powerGood", on), PG_DELAY_MS);
  }
}
