export class Barrier {
  constructor(state, env) {
    this.state = state;
  }

  async fetch(request) {
    const started = Date.now();
    for (;;) {
      if (Date.now() - started > 50) {
        console.log("waited");
      }
    }
  }

  async alarm() {
    let n = 0;
    do {
      n++;
    } while (n < 10);
  }
}
