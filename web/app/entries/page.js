// The playground page: one-click presets around <conv-playground sync-hash>. Choosing a
// preset sets the URL hash (so Back returns to the previous case); the element follows it.
import '../element/conv-playground.js';
import { PRESETS } from '../model/presets.js';
import { extraQuery, sameState, stateToQuery } from '../model/state.js';

const GROUPS = [
  ['notebook', 'The seed notebook'],
  ['extra', 'More to explore'],
];

function buildPresets(container, playground) {
  const buttons = [];
  for (const [group, title] of GROUPS) {
    const list = document.createElement('ul');
    list.className = 'preset-list';
    for (const preset of PRESETS.filter((p) => p.group === group)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'preset';
      button.textContent = preset.title;
      button.addEventListener('click', () => {
        const hash = `#${stateToQuery(preset.state)}${extraQuery(location.hash)}`; // an open design tool stays open
        if (location.hash === hash) playground.setState(preset.state);
        else location.hash = hash;
      });
      buttons.push({ button, preset });
      const item = document.createElement('li');
      item.append(button);
      list.append(item);
    }
    const heading = document.createElement('h3');
    heading.textContent = title;
    const section = document.createElement('section');
    section.className = `preset-group preset-${group}`;
    section.append(heading, list);
    container.append(section);
  }
  // Field by field, not through stateToQuery: this runs on every keystroke, whatever the size.
  const mark = (state) => {
    buttons.forEach(({ button, preset }) => {
      const on = sameState(preset.state, state);
      if (on !== button.hasAttribute('aria-current')) {
        if (on) button.setAttribute('aria-current', 'true');
        else button.removeAttribute('aria-current');
      }
    });
  };
  playground.addEventListener('statechange', (e) => mark(e.detail));
  mark(playground.state);
}

const playground = document.querySelector('conv-playground');
buildPresets(document.querySelector('[data-testid=presets]'), playground);

// The design tools (solver, stacks, paste, padding lab): a separate chunk, loaded after the
// playground, so neither the page's first paint nor the embed bundle carries them.
const designTools = document.querySelector('[data-testid=design-tools]');
if (designTools) {
  import('../tools/design/design-page.js')
    .then((m) => m.mountDesignTools(designTools, playground))
    .catch((err) => {
      designTools.textContent = `The design tools could not load: ${err?.message ?? err}`;
    });
}

// The skip link moves focus into the playground without touching the URL hash (which holds
// the playground's state).
document.querySelector('.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  playground.focus();
});
