import { describe, expect, it } from 'vitest';
import { controlButtons, parseControlButton } from '../../../src/slack/control-buttons.ts';

type Button = {
  action_id: string;
  value: string;
  style?: string;
  text: { text: string };
  confirm?: Record<string, { type: string; text: string }> & { style: string };
};
const elements = (block: unknown) => (block as { elements: Button[] }).elements;

describe('controlButtons', () => {
  it('carries the offered controls, in order, each addressing the migration and the stage', () => {
    // Act
    const block = controlButtons('payments', { stageIndex: 1, offered: ['step-back', 'pause', 'promote'] });
    // Assess
    expect(block).toMatchObject({ type: 'actions', block_id: 'kraft-canary-control:payments' });
    expect(elements(block).map((e) => [e.text.text, e.action_id, e.value])).toEqual([
      ['Pause', 'kraft-canary-control-pause', 'pause:1'],
      ['Promote', 'kraft-canary-control-promote', 'promote:1'],
      ['Step back', 'kraft-canary-control-step-back', 'step-back:1'],
    ]);
  });

  it("Promote and Step back ask Slack's confirmation dialog first, plain text within its limits; Pause asks none", () => {
    // Act
    const [pause, promote, stepBack] = elements(controlButtons('payments', { stageIndex: 2, offered: ['pause', 'promote', 'step-back'] }));
    // Assess
    expect(pause?.confirm).toBeUndefined();
    expect(promote?.confirm).toMatchObject({
      title: { type: 'plain_text', text: 'Promote payments?' },
      confirm: { text: 'Promote' },
      deny: { text: 'Cancel' },
      style: 'primary',
    });
    expect(promote?.confirm?.text?.text).toContain("Ends stage 3's bake now. Its gates are still judged");
    expect(stepBack).toMatchObject({ style: 'danger', confirm: { title: { text: 'Step payments back?' }, style: 'danger' } });
    expect(stepBack?.confirm?.text?.text).toContain('Returns producers to the percentage of stage 2');
    for (const dialog of [promote?.confirm, stepBack?.confirm]) {
      expect(dialog?.title?.text.length).toBeLessThanOrEqual(100);
      expect(dialog?.text?.text.length).toBeLessThanOrEqual(300);
      expect(Object.values(dialog ?? {}).every((field) => typeof field === 'string' || field.type === 'plain_text')).toBe(true);
    }
  });

  it('a long migration id keeps the dialog title within 100 characters', () => {
    // Act
    const [promote] = elements(controlButtons('m'.repeat(120), { stageIndex: 1, offered: ['promote'] }));
    // Assess
    expect(promote?.confirm?.title?.text.length).toBe(100);
  });

  it('offers nothing: no block', () => {
    expect(controlButtons('payments', { stageIndex: 3, offered: [] })).toBeNull();
  });
});

describe('parseControlButton', () => {
  it('reads a button back', () => {
    expect(parseControlButton('kraft-canary-control:payments', 'kraft-canary-control-step-back', 'step-back:2')).toEqual({
      migration: 'payments',
      control: 'step-back',
      stageIndex: 2,
    });
  });

  it.each([
    ['another block', 'kraft-canary-approval:payments', 'kraft-canary-control-pause', 'pause:1'],
    ['action id and value disagree', 'kraft-canary-control:payments', 'kraft-canary-control-pause', 'promote:1'],
    ['an unknown control', 'kraft-canary-control:payments', 'kraft-canary-control-resume', 'resume:1'],
    ['no stage', 'kraft-canary-control:payments', 'kraft-canary-control-pause', 'pause'],
    ['a stage that is no number', 'kraft-canary-control:payments', 'kraft-canary-control-pause', 'pause:x'],
    ['extra parts', 'kraft-canary-control:payments', 'kraft-canary-control-pause', 'pause:1:2'],
  ])('%s → not ours', (_name, blockId, actionId, value) => {
    expect(parseControlButton(blockId, actionId, value)).toBeNull();
  });
});
