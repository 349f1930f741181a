import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { createTemplateEngine, DEFAULT_RENDER_LIMITS } from './template-engine.ts';

/** The limit error of a render, with the work it had counted when it was stopped. */
async function limitError(render: Promise<string>): Promise<AppError> {
  try {
    await render;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error;
  }
  assert.fail('the render was expected to fail');
}

function assertStopped(error: AppError, limit: string, message: RegExp): Record<string, number> {
  assert.equal(error.code, 'template_failed');
  assert.equal(error.kind, 'invalid');
  assert.equal(error.retryable, false);
  assert.equal(error.details?.['limit'], limit);
  assert.match(error.message, message);
  return error.details as Record<string, number>;
}

const facts = (fields: Record<string, unknown>) => ({ item: { id: 'item-1', fields } });

describe('render limits count work, not time', () => {
  test('a template that would write 20 MB is stopped at the output byte limit, long before', async () => {
    const engine = createTemplateEngine();
    const block = 'x'.repeat(1000);
    const source = '{% for i in (1..20000) %}{{ item.fields.block }}{% endfor %}';
    const error = await limitError(engine.render(source, facts({ block })));
    const work = assertStopped(error, 'output_bytes', /wrote more than 262144 bytes \(the output limit/);
    const max = DEFAULT_RENDER_LIMITS.maxOutputBytes;
    assert.equal(work['max'], max);
    assert.ok((work['outputBytes'] ?? Infinity) <= max, `wrote ${work['outputBytes']} bytes`);
    // 262 blocks fit; the 263rd is refused before it is appended: 20 000 were never rendered.
    assert.equal(work['loopIterations'], Math.floor(max / 1000) + 1);
  });

  test('one value longer than the output limit is refused without being written', async () => {
    const engine = createTemplateEngine();
    const huge = 'y'.repeat(20 * 1024 * 1024);
    const error = await limitError(engine.render('a{{ item.fields.huge }}', facts({ huge })));
    const work = assertStopped(error, 'output_bytes', /output limit/);
    assert.equal(work['outputBytes'], 1);
  });

  test('output is counted in UTF-8 bytes', async () => {
    const engine = createTemplateEngine({ maxOutputBytes: 10 });
    assert.equal(await engine.render('{{ item.id }}', facts({})), 'item-1');
    assert.equal(await engine.render('Приве', facts({})), 'Приве');
    // Six characters, twelve bytes.
    const error = await limitError(engine.render('Привет', facts({})));
    assertStopped(error, 'output_bytes', /wrote more than 10 bytes/);
  });

  test('captures pay from the same byte budget: a doubling capture stops at the limit', async () => {
    const engine = createTemplateEngine();
    const source =
      '{% capture s %}x{% endcapture %}{% for i in (1..60) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}';
    const error = await limitError(engine.render(source, facts({})));
    const work = assertStopped(error, 'output_bytes', /captures included/);
    assert.ok((work['loopIterations'] ?? Infinity) <= 18, `ran ${work['loopIterations']} iterations`);
  });

  test('nested loops stop at the loop iteration limit', async () => {
    const engine = createTemplateEngine();
    const many = Array.from({ length: 3000 }, (_, index) => index);
    const source = '{% for a in item.fields.many %}{% for b in item.fields.many %}{% endfor %}{% endfor %}';
    const error = await limitError(engine.render(source, facts({ many })));
    const work = assertStopped(error, 'loop_iterations', /loops ran more than 10000 iterations/);
    assert.equal(work['loopIterations'], DEFAULT_RENDER_LIMITS.maxLoopIterations);
  });

  test('a loop with a heavy body stops at the step limit, naming the loop', async () => {
    const engine = createTemplateEngine({ maxSteps: 1000 });
    const body = '{{ i }},'.repeat(50);
    const error = await limitError(engine.render(`{% for i in (1..100) %}${body}{% endfor %}`, facts({})));
    const work = assertStopped(error, 'steps', /rendered more than 1000 steps .*\(line 1, column 1\)/);
    assert.ok((work['steps'] ?? Infinity) <= 1000);
    assert.ok((work['loopIterations'] ?? Infinity) < 20);
  });

  test('a filter that would build a gigabyte string stops at the memory limit before building it', async () => {
    const engine = createTemplateEngine();
    const source =
      '{% assign r = "y" %}{% for i in (1..15) %}{% assign r = r | append: r %}{% endfor %}{{ r | replace: "y", r }}';
    const error = await limitError(engine.render(source, facts({})));
    const work = assertStopped(error, 'memory', /more memory than a template may/);
    assert.equal(work['max'], 10_000_000);
  });

  test('a good template renders the same however slow the machine is', async () => {
    // Each reading of the clock says another 1 ms passed: 3000 iterations "take" 3 s.
    let now = 0;
    const slow = createTemplateEngine({ monotonicNow: () => (now += 1) });
    const text = await slow.render('{% for i in (1..3000) %}word {% endfor %}', facts({}));
    assert.equal(text.length, 15_000);
  });

  test('the wall-clock backstop fails with a retryable error', async () => {
    let now = 0;
    const stalled = createTemplateEngine({ monotonicNow: () => (now += 1000), renderTimeLimitMs: 5000 });
    const error = await limitError(stalled.render('{% for i in (1..10) %}{{ i }}{% endfor %}', facts({})));
    assert.equal(error.code, 'template_timed_out');
    assert.equal(error.kind, 'internal');
    assert.equal(error.retryable, true);
    assert.equal(error.details?.['limit'], 'render_time');
    assert.match(error.message, /ran longer than 5000 ms \(the time limit\)/);
  });

  test('a long render gives the event loop back between slices of work', async () => {
    const engine = createTemplateEngine();
    let renderDone = false;
    let ranDuringRender = false;
    // Without slices the whole render is one chain of microtasks: this would run only after it.
    setImmediate(() => {
      ranDuringRender = !renderDone;
    });
    await engine.render('{% for i in (1..3000) %}{{ i }}{% endfor %}', facts({}));
    renderDone = true;
    assert.equal(ranDuringRender, true);
  });
});
