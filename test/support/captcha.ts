// A captcha whose answer the test chooses: the generator reads `answer()` each time a challenge is made.
export const fixedCaptcha = (answer: () => string) => () => ({
  text: answer(),
  svg: `<svg xmlns="http://www.w3.org/2000/svg"><text>${answer()}</text></svg>`,
});
