// Server-side commands for browser tests (`executeServerCommand(name, payload)`): they run in
// Node with the test's Playwright page, for what a page cannot do to itself.
export function relaisCommands() {
  return {
    name: 'relais-commands',
    async executeCommand({ command, payload, session }) {
      const page = session.browser.getPage?.(session.id);
      if (!page) return undefined;
      switch (command) {
        case 'grant-clipboard':
          await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
          return true;
        default:
          return undefined;
      }
    },
  };
}
