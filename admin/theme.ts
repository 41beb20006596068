// AdminJS's theme with colours that meet WCAG 2.1 AA contrast (4.5 : 1 for text) on its white and light grey
// backgrounds. AdminJS's grey60 (#898A9A, 3.2 : 1 on white) colours labels and secondary text; primary80 and
// infoDark colour links and buttons. Each replacement keeps the hue and darkens it.
export const contrastTheme = {
  colors: {
    grey60: '#5F6070', // 6.2 : 1 on white
    grey40: '#767A80', // inactive and placeholder text, 4.5 : 1 on white
    primary80: '#2E45C8',
    primary60: '#3A4DB8',
    infoDark: '#2B49C8',
    love: '#2E45C8',
    inputBorder: '#767A80',
  },
};
