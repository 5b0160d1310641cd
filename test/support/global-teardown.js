// Closes the run's one Chromium that global-setup.js started.
module.exports = async () => {
  await globalThis.renkeiSharedChromium?.close();
};
