// The back-office's login page: the product's name, one h1 in a main landmark, fields with visible labels tied to
// them, and the autocomplete tokens password managers need (username / current-password).
import React, { useEffect } from 'react';
import { useSelector } from 'react-redux';
import { Box, Button, FormGroup, H1, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const Login = () => {
  const { action, errorMessage: message } = window.__APP_STATE__;
  const { tc, tm, i18n } = useTranslation();
  const language = (i18n.resolvedLanguage || i18n.language || 'en').slice(0, 2);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const branding = useSelector((state) => state.branding);
  return (
    <Box as="main" flex variant="grey" style={{ minHeight: '100vh', alignItems: 'center', justifyContent: 'center' }}>
      <Box bg="white" p="x3" boxShadow="login" width={[1, 2 / 3, '480px']}>
        <H1 fontSize="h3">{branding.companyName}</H1>
        <Text mb="xl">{tc('Login.welcomeMessage')}</Text>
        <form action={action} method="POST">
          {message ? (
            <MessageBox
              my="lg"
              role="alert"
              message={message.split(' ').length > 1 ? message : tm(message)}
              variant="danger"
            />
          ) : null}
          <FormGroup>
            <Label htmlFor="login-email" required>
              {tc('Login.properties.email')}
            </Label>
            <Input
              id="login-email"
              name="email"
              type="text"
              inputMode="email"
              autoComplete="username"
              required
              width={1}
            />
          </FormGroup>
          <FormGroup>
            <Label htmlFor="login-password" required>
              {tc('Login.properties.password')}
            </Label>
            <Input
              id="login-password"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              width={1}
            />
          </FormGroup>
          <Text mt="xl" textAlign="center">
            <Button variant="contained" type="submit">
              {tc('Login.loginButton')}
            </Button>
          </Text>
        </form>
      </Box>
    </Box>
  );
};

export default Login;
