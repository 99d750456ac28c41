/** What the platform does to text from outside before anything reads it: {@link PlainText}. */
package dev.agentplatform.support.text;
