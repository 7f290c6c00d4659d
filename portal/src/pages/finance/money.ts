/** Minor units as a decimal amount ("-1234567" → "-12,345.67"), by string arithmetic: no floats. */
export function formatMinor(minor: number | string, digits = 2): string {
  const text = String(minor);
  const negative = text.startsWith('-');
  const digitsOnly = (negative ? text.slice(1) : text).padStart(digits + 1, '0');
  const whole = digitsOnly.slice(0, digitsOnly.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digitsOnly.slice(digitsOnly.length - digits);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}
